package io.sluice.flume.protocol;

import java.util.List;
import org.apache.avro.reflect.Nullable;

/**
 * The answer to {@code getEventBatch}: a sequence id and the events of one open transaction; or no
 * events and no sequence (the channel was empty, nothing to ack); or an {@link #error()}.
 */
public final class EventBatch {
  private String sequence;
  private List<FlumeEvent> events;
  @Nullable private String error;

  private EventBatch() {
    // for Avro reflect
  }

  private EventBatch(String sequence, List<FlumeEvent> events, String error) {
    this.sequence = sequence;
    this.events = events;
    this.error = error;
  }

  public static EventBatch of(String sequence, List<FlumeEvent> events) {
    return new EventBatch(sequence, events, null);
  }

  /** The channel had no events; no transaction stays open. */
  public static EventBatch empty() {
    return new EventBatch("", List.of(), null);
  }

  public static EventBatch failed(String error) {
    return new EventBatch("", List.of(), error);
  }

  /** The id to ack or nack; empty when there is nothing to acknowledge. */
  public String sequence() {
    return sequence;
  }

  public List<FlumeEvent> events() {
    return events;
  }

  /** Why no batch was served (a bad request, a busy or stopping sink), or {@code null}. */
  public String error() {
    return error;
  }

  public boolean failed() {
    return error != null;
  }
}
