package io.sluice.flume.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A Flume event on the wire: string headers and an opaque body. Mutable only for Avro reflect. */
public final class FlumeEvent {
  private Map<String, String> headers;
  private byte[] body;

  private FlumeEvent() {
    // for Avro reflect
  }

  /** Copies {@code headers}; keeps {@code body} without copying (Flume hands out its own array). */
  public FlumeEvent(Map<String, String> headers, byte[] body) {
    this.headers = new LinkedHashMap<>(headers);
    this.body = Objects.requireNonNull(body, "body");
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The body array itself, not a copy. */
  public byte[] body() {
    return body;
  }
}
