package io.sluice.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Converts {@link Event}s to and from Avro: {@link GenericRecord}s of {@link #SCHEMA} (for Avro
 * container files and parquet-avro) and single-record Avro binary (for WAL frames and RPC). Binary
 * carries no schema: it is only readable with this schema (or a compatible evolution of it).
 *
 * <p>An instance reuses its encoder, buffer and read position, so it is <b>not thread-safe</b>: keep one
 * per thread or per task (make it in {@code open}). The static methods are thread-safe.
 *
 * <pre>{@code
 * EventCodec codec = new EventCodec();
 * byte[] frame = codec.encode(event);
 * Event back = codec.decode(frame);
 * }</pre>
 */
public final class EventCodec {

  /** The schema in {@code io/sluice/records/Event.avsc} on the classpath. */
  public static final Schema SCHEMA = loadSchema();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  /** The bytes {@link #decode} is reading, and where. */
  private byte[] in;
  private int position;
  private int end;

  // Binary goes field by field through Avro's encoder, in the schema's order, rather
  // than through a GenericRecord and a datum writer: the same bytes (EventCodecTest checks them
  // against GenericDatumWriter), without building and resolving a record per event, which was a
  // quarter of a Flume receiver's CPU. SCHEMA changes must change both methods.

  /** Avro binary of {@code event}. */
  public byte[] encode(Event event) {
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      Map<String, String> headers = event.headers();
      encoder.writeMapStart();
      encoder.setItemCount(headers.size());
      for (Map.Entry<String, String> header : headers.entrySet()) {
        encoder.startItem();
        encoder.writeString(header.getKey());
        encoder.writeString(header.getValue());
      }
      encoder.writeMapEnd();
      byte[] body = event.bodyArray();
      encoder.writeBytes(body, 0, body.length);
      encoder.writeLong(event.eventTimeMillis());
      encoder.writeLong(event.ingestTimeMillis());
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return buffer.toByteArray();
  }

  /** Decodes Avro binary written by {@link #encode}; {@link IllegalArgumentException} if it is not one. */
  public Event decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes the Avro binary in {@code bytes[offset, offset + length)}. It reads the schema's layout
   * (a map in blocks of string pairs, bytes, two longs) straight from the array: Avro's decoder
   * would copy every string twice, through a reused {@code Utf8}, and this is the hot loop of
   * every job over a Flume or event stream. Written by Avro or {@link #encode}, the bytes are
   * read the same (EventCodecTest checks both).
   */
  public Event decode(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    in = bytes;
    position = offset;
    end = offset + length;
    try {
      LinkedHashMap<String, String> headers = null;
      for (long n = readLong(); n != 0; n = readLong()) {
        if (n < 0) { // a block written with its size in bytes: skip the size
          n = -n;
          readLong();
        }
        if (headers == null) {
          headers = new LinkedHashMap<>((int) Math.min(64, n) * 4 / 3 + 1);
        }
        for (long i = 0; i < n; i++) {
          headers.put(readString(), readString());
        }
      }
      int bodyLength = readLength();
      byte[] body = Arrays.copyOfRange(bytes, position, position + bodyLength);
      position += bodyLength;
      long eventTime = readLong();
      long ingestTime = readLong();
      if (position != end) {
        throw new IllegalArgumentException("not an Event: " + length + " bytes, trailing data");
      }
      return Event.owningAll(headers == null ? new LinkedHashMap<>() : headers, body, eventTime,
          ingestTime);
    } finally {
      in = null;
    }
  }

  /** A zig-zag varint, as Avro writes ints and longs. */
  private long readLong() {
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (position >= end) {
        throw new IllegalArgumentException("not an Event: it ends inside a number at byte "
            + position);
      }
      byte b = in[position++];
      raw |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        break;
      }
      if (shift >= 63) {
        throw new IllegalArgumentException("not an Event: a number longer than 10 bytes at byte "
            + position);
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  private int readLength() {
    long length = readLong();
    if (length < 0 || length > end - position) {
      throw new IllegalArgumentException("not an Event: a length of " + length + " at byte "
          + position + ", with " + (end - position) + " bytes left");
    }
    return (int) length;
  }

  private String readString() {
    int length = readLength();
    String s = new String(in, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  /** {@code event} as a record of {@link #SCHEMA}. */
  public static GenericRecord toRecord(Event event) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("headers", event.headers());
    record.put("body", event.bodyBuffer());
    record.put("eventTime", event.eventTimeMillis());
    record.put("ingestTime", event.ingestTimeMillis());
    return record;
  }

  /** The event in a record of {@link #SCHEMA} (strings may be Avro {@code Utf8}). */
  public static Event fromRecord(GenericRecord record) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<?, ?> raw = (Map<?, ?>) record.get("headers");
    if (raw != null) {
      raw.forEach((k, v) -> headers.put(k.toString(), v.toString()));
    }
    ByteBuffer body = ((ByteBuffer) record.get("body")).duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return Event.owning(headers, bytes, (Long) record.get("eventTime"), (Long) record.get("ingestTime"));
  }

  private static Schema loadSchema() {
    try (InputStream in = EventCodec.class.getResourceAsStream("Event.avsc")) {
      if (in == null) {
        throw new IllegalStateException("io/sluice/records/Event.avsc is missing from the classpath");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
