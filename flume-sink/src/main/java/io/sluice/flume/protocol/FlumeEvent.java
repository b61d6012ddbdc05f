package io.sluice.flume.protocol;

import java.util.Map;
import java.util.Objects;

/** A Flume event decoded from an {@link EventBatch}: string headers and an opaque body. */
public final class FlumeEvent {
  private final Map<String, String> headers;
  private final byte[] body;

  public FlumeEvent(Map<String, String> headers, byte[] body) {
    this.headers = Objects.requireNonNull(headers, "headers");
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
