package io.sluice.flume;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.interceptor.Interceptor;

/**
 * Gives every event a unique id header (unless it has one). Sluice's polling receiver recognises an
 * event the sink offers again after a rollback by a hash of its headers and body; with a unique id
 * among the headers, two events that are otherwise identical no longer share that hash. Install it
 * on the source of the agent where events enter Flume, so the id travels with the event through
 * every hop:
 * <pre>{@code
 * agent.sources.src.interceptors = id
 * agent.sources.src.interceptors.id.type = io.sluice.flume.EventIdInterceptor$Builder
 * agent.sources.src.interceptors.id.headerName = eventId   # the default
 * }</pre>
 * Ids are {@code <random 64-bit prefix per interceptor start, hex>-<counter>}: unique across
 * agents and restarts with overwhelming probability, and cheap (no UUID per event). An existing
 * header of that name is kept. Thread-safe.
 */
public final class EventIdInterceptor implements Interceptor {
  public static final String HEADER_NAME = "headerName";
  public static final String DEFAULT_HEADER_NAME = "eventId";

  private final String header;
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  EventIdInterceptor(String header) {
    this.header = header;
    this.prefix = Long.toHexString(new SecureRandom().nextLong()) + "-";
  }

  @Override
  public void initialize() {
    // nothing to open
  }

  @Override
  public Event intercept(Event event) {
    Map<String, String> headers = event.getHeaders();
    if (!headers.containsKey(header)) {
      headers.put(header, prefix + Long.toString(counter.incrementAndGet(), 36));
    }
    return event;
  }

  @Override
  public List<Event> intercept(List<Event> events) {
    for (Event e : events) {
      intercept(e);
    }
    return events;
  }

  @Override
  public void close() {
    // nothing to close
  }

  /** What Flume instantiates ({@code type = io.sluice.flume.EventIdInterceptor$Builder}). */
  public static final class Builder implements Interceptor.Builder {
    private String header = DEFAULT_HEADER_NAME;

    @Override
    public void configure(Context context) {
      String configured = context.getString(HEADER_NAME, DEFAULT_HEADER_NAME).trim();
      if (configured.isEmpty()) {
        throw new IllegalArgumentException("EventIdInterceptor: '" + HEADER_NAME
            + "' must not be empty");
      }
      header = configured;
    }

    @Override
    public Interceptor build() {
      return new EventIdInterceptor(header);
    }
  }
}
