package io.sluice.records;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
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
 *
 * <p>An event decoded from its stored form ({@link EventCodec#decode}) keeps its headers and body
 * as they were encoded, in one array of its own, and turns the headers into strings and a map only
 * when asked: a job pays for what it reads.
 */
public final class Event implements Serializable {

  /**
   * Holds the body at {@code [bodyOffset, bodyOffset + bodyLength)}: the body's own array, or the
   * event's encoded headers and body, never written to.
   */
  private final byte[] bytes;
  private final int bodyOffset;
  private final int bodyLength;
  /** The headers as given, or null when they are encoded in {@link #bytes}. */
  private final Map<String, String> given;
  /** Where {@link #bytes} holds the encoded headers (-1: none), when {@link #given} is null. */
  private final int headersOffset;
  /**
   * The encoded headers once decoded. Set without a lock: each thread that finds it unset decodes
   * the same map, and an unmodifiable map's final field makes its contents visible to any thread
   * that sees the reference.
   */
  private Map<String, String> decoded;
  private final long eventTimeMillis;
  private final long ingestTimeMillis;

  private Event(Map<String, String> given, byte[] bytes, int bodyOffset, int bodyLength,
      int headersOffset, long eventTimeMillis, long ingestTimeMillis) {
    this.given = given;
    this.bytes = bytes;
    this.bodyOffset = bodyOffset;
    this.bodyLength = bodyLength;
    this.headersOffset = headersOffset;
    this.eventTimeMillis = eventTimeMillis;
    this.ingestTimeMillis = ingestTimeMillis;
  }

  /** Copies {@code headers} and {@code body}; neither may be null, nor any header key or value. */
  public static Event of(Map<String, String> headers, byte[] body, long eventTimeMillis,
      long ingestTimeMillis) {
    return owning(headers, body.clone(), eventTimeMillis, ingestTimeMillis);
  }

  /** An event whose body is {@code line} in UTF-8, without headers. */
  public static Event ofLine(String line, long eventTimeMillis, long ingestTimeMillis) {
    return ofLine(line, Map.of(), eventTimeMillis, ingestTimeMillis);
  }

  public static Event ofLine(String line, Map<String, String> headers, long eventTimeMillis,
      long ingestTimeMillis) {
    return owning(headers, line.getBytes(StandardCharsets.UTF_8), eventTimeMillis, ingestTimeMillis);
  }

  /** Copies {@code headers} and takes ownership of {@code body} without copying; for codecs. */
  static Event owning(Map<String, String> headers, byte[] body, long eventTimeMillis,
      long ingestTimeMillis) {
    return new Event(copy(headers), body, 0, body.length, -1, eventTimeMillis, ingestTimeMillis);
  }

  /**
   * An event over {@code bytes}, which it owns and which must never change: Avro-encoded headers at
   * {@code headersOffset} (-1: none), the body in {@code [bodyOffset, bodyOffset + bodyLength)}.
   * For {@link EventCodec#decode}, which checked the layout.
   */
  static Event encoded(byte[] bytes, int headersOffset, int bodyOffset, int bodyLength,
      long eventTimeMillis, long ingestTimeMillis) {
    return new Event(headersOffset < 0 ? Map.of() : null, bytes, bodyOffset, bodyLength,
        headersOffset, eventTimeMillis, ingestTimeMillis);
  }

  /** The array holding the body, for codecs in this package that only read it. */
  byte[] bodyBytes() {
    return bytes;
  }

  /** Where the body starts in {@link #bodyBytes()}. */
  int bodyOffset() {
    return bodyOffset;
  }

  /** Unmodifiable, in insertion order. */
  public Map<String, String> headers() {
    if (given != null) {
      return given;
    }
    Map<String, String> headers = decoded;
    if (headers == null) {
      headers = unmodifiable(EventCodec.readHeaders(bytes, headersOffset));
      decoded = headers;
    }
    return headers;
  }

  /** The header's value, or {@code null}; found without decoding the other headers. */
  public String header(String name) {
    Map<String, String> headers = given != null ? given : decoded;
    return headers != null ? headers.get(name) : EventCodec.findHeader(bytes, headersOffset, name);
  }

  /** A copy of the body. */
  public byte[] body() {
    return Arrays.copyOfRange(bytes, bodyOffset, bodyOffset + bodyLength);
  }

  /** The body's length in bytes. */
  public int bodyLength() {
    return bodyLength;
  }

  /** A read-only view of the body, without copying. */
  public ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(bytes, bodyOffset, bodyLength).slice().asReadOnlyBuffer();
  }

  /** The body decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String line() {
    return new String(bytes, bodyOffset, bodyLength, StandardCharsets.UTF_8);
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
        && ingestTimeMillis == e.ingestTimeMillis
        && Arrays.equals(bytes, bodyOffset, bodyOffset + bodyLength, e.bytes, e.bodyOffset,
            e.bodyOffset + e.bodyLength)
        && headers().equals(e.headers());
  }

  @Override
  public int hashCode() {
    int body = 1; // as Arrays.hashCode of the body alone
    for (int i = bodyOffset; i < bodyOffset + bodyLength; i++) {
      body = 31 * body + bytes[i];
    }
    return Objects.hash(headers(), body, eventTimeMillis, ingestTimeMillis);
  }

  @Override
  public String toString() {
    return "Event[eventTime=" + eventTimeMillis + ", ingestTime=" + ingestTimeMillis + ", headers="
        + headers() + ", body=" + bodyLength + " bytes]";
  }

  /** Serialized as its headers and body, decoded, whatever its form in memory. */
  private Object writeReplace() {
    return new Serialized(headers(), body(), eventTimeMillis, ingestTimeMillis);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("an Event is serialized as Event.Serialized");
  }

  /** The serialized form of an {@link Event}. */
  private record Serialized(Map<String, String> headers, byte[] body, long eventTimeMillis,
      long ingestTimeMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      return owning(headers, body, eventTimeMillis, ingestTimeMillis);
    }
  }

  private static Map<String, String> unmodifiable(LinkedHashMap<String, String> headers) {
    return headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(headers);
  }

  private static Map<String, String> copy(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(headers.size() * 2);
    headers.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "header name"),
        Objects.requireNonNull(v, "header value")));
    return Collections.unmodifiableMap(copy);
  }
}
