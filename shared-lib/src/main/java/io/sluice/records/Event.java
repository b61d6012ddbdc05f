package io.sluice.records;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One ingested event: string headers, an opaque body, the time it happened and the time Sluice
 * received it (epoch milliseconds, UTC). Its stored form is the Avro schema {@code Event.avsc}
 * ({@link EventCodec}); in memory it is an immutable value with content-based {@code equals}, and
 * Java-serializable so it can flow through any engine.
 *
 * <p>Text sources put one line per event in the body, UTF-8 encoded, without the line break:
 * <pre>{@code
 * Event e = Event.ofLine("2026-11-20 10:15:02,123 ERROR a.B: x", eventTime, clock.millis());
 * Rdd<String> lines = events.map(Event::line);
 * }</pre>
 */
public final class Event implements Serializable {

  private final Map<String, String> headers;
  private final byte[] body;
  private final long eventTimeMillis;
  private final long ingestTimeMillis;

  private Event(Map<String, String> headers, byte[] body, long eventTimeMillis, long ingestTimeMillis) {
    this(copy(headers), body, eventTimeMillis, ingestTimeMillis, true);
  }

  private Event(Map<String, String> ownHeaders, byte[] body, long eventTimeMillis,
      long ingestTimeMillis, boolean owning) {
    this.headers = ownHeaders;
    this.body = body;
    this.eventTimeMillis = eventTimeMillis;
    this.ingestTimeMillis = ingestTimeMillis;
  }

  /** Copies {@code headers} and {@code body}; neither may be null, nor any header key or value. */
  public static Event of(Map<String, String> headers, byte[] body, long eventTimeMillis,
      long ingestTimeMillis) {
    return new Event(headers, body.clone(), eventTimeMillis, ingestTimeMillis);
  }

  /** An event whose body is {@code line} in UTF-8, without headers. */
  public static Event ofLine(String line, long eventTimeMillis, long ingestTimeMillis) {
    return ofLine(line, Map.of(), eventTimeMillis, ingestTimeMillis);
  }

  public static Event ofLine(String line, Map<String, String> headers, long eventTimeMillis,
      long ingestTimeMillis) {
    return new Event(headers, line.getBytes(StandardCharsets.UTF_8), eventTimeMillis, ingestTimeMillis);
  }

  /** Takes ownership of {@code body} without copying; for codecs that just decoded it. */
  static Event owning(Map<String, String> headers, byte[] body, long eventTimeMillis,
      long ingestTimeMillis) {
    return new Event(headers, body, eventTimeMillis, ingestTimeMillis);
  }

  /**
   * Takes ownership of a fresh {@code headers} map with no null key or value, and of {@code body};
   * for a codec that just decoded both and hands them to no one else.
   */
  static Event owningAll(LinkedHashMap<String, String> headers, byte[] body, long eventTimeMillis,
      long ingestTimeMillis) {
    return new Event(headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(headers), body,
        eventTimeMillis, ingestTimeMillis, true);
  }

  /** The body array itself, for codecs in this package that only read it. */
  byte[] bodyArray() {
    return body;
  }

  /** Unmodifiable, in insertion order. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The header's value, or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** A read-only view of the body, without copying. */
  public ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** The body decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String line() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }

  public long ingestTimeMillis() {
    return ingestTimeMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e && eventTimeMillis == e.eventTimeMillis
        && ingestTimeMillis == e.ingestTimeMillis && Arrays.equals(body, e.body)
        && headers.equals(e.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headers, Arrays.hashCode(body), eventTimeMillis, ingestTimeMillis);
  }

  @Override
  public String toString() {
    return "Event[eventTime=" + eventTimeMillis + ", ingestTime=" + ingestTimeMillis + ", headers="
        + headers + ", body=" + body.length + " bytes]";
  }

  private static Map<String, String> copy(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>(headers.size() * 2);
    headers.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "header name"),
        Objects.requireNonNull(v, "header value")));
    return Collections.unmodifiableMap(copy);
  }
}
