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
 * <p>An instance reuses its encoder and buffer, so it is <b>not thread-safe</b>: keep one
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
      encoder.writeBytes(event.bodyBytes(), event.bodyOffset(), event.bodyLength());
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
   * Decodes the Avro binary in {@code bytes[offset, offset + length)} into an event of its own. It
   * checks the layout (a map in blocks of string pairs, bytes, two longs) and reads the times, and
   * copies the headers and body, still encoded, into one array for the event: the headers become
   * strings and a map only when the event is asked for them, and {@link Event#line()} decodes the
   * body from there. This is the hot loop of every job over a Flume or event stream, and most jobs
   * read the body and a header or two. Written by Avro or {@link #encode}, the bytes are read the
   * same (EventCodecTest checks both).
   */
  public Event decode(byte[] bytes, int offset, int length) {
    Reader in = new Reader(bytes, offset, length);
    int headersOffset = in.position;
    boolean anyHeaders = false;
    for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
      anyHeaders = true;
      for (long i = 0; i < n; i++) {
        in.skipString();
        in.skipString();
      }
    }
    int bodyLength = in.readLength();
    int bodyOffset = in.position;
    in.position += bodyLength;
    long eventTime = in.readLong();
    long ingestTime = in.readLong();
    in.checkEnd();
    // One copy of the record: an event never keeps the caller's array, which may be a reused
    // buffer or a half-megabyte block that a job's state would otherwise keep alive.
    byte[] record = Arrays.copyOfRange(bytes, headersOffset, bodyOffset + bodyLength);
    return Event.encoded(record, anyHeaders ? 0 : -1, bodyOffset - headersOffset, bodyLength,
        eventTime, ingestTime);
  }

  /** The headers encoded at {@code offset} of {@code bytes}, which {@link #decode} checked. */
  static LinkedHashMap<String, String> readHeaders(byte[] bytes, int offset) {
    return readHeaders(new Reader(bytes, offset, bytes.length - offset));
  }

  /**
   * The value of header {@code name} encoded at {@code offset} of {@code bytes} (-1: no headers),
   * which {@link #decode} checked; the last one if the name repeats, as a map would keep it. Compares
   * the encoded names with {@code name} without decoding them.
   */
  static String findHeader(byte[] bytes, int offset, String name) {
    if (offset < 0) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) { // not ASCII: compare decoded strings
        return readHeaders(bytes, offset).get(name);
      }
    }
    Reader in = new Reader(bytes, offset, bytes.length - offset);
    String found = null;
    for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
      for (long i = 0; i < n; i++) {
        int keyLength = in.readLength();
        boolean match = keyLength == name.length();
        for (int c = 0; match && c < keyLength; c++) {
          match = bytes[in.position + c] == name.charAt(c);
        }
        in.position += keyLength;
        if (match) {
          found = in.readString();
        } else {
          in.skipString();
        }
      }
    }
    return found;
  }

  private static LinkedHashMap<String, String> readHeaders(Reader in) {
    LinkedHashMap<String, String> headers = null;
    for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
      if (headers == null) {
        headers = new LinkedHashMap<>((int) Math.min(64, n) * 4 / 3 + 1);
      }
      for (long i = 0; i < n; i++) {
        headers.put(in.readString(), in.readString());
      }
    }
    return headers == null ? new LinkedHashMap<>() : headers;
  }

  /** Reads the Avro binary of an event from {@code bytes[offset, offset + length)}. */
  private static final class Reader {
    private final byte[] in;
    private final int start;
    private final int end;
    private int position;

    Reader(byte[] bytes, int offset, int length) {
      java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
      this.in = bytes;
      this.start = offset;
      this.end = offset + length;
      this.position = offset;
    }

    /** A zig-zag varint, as Avro writes ints and longs. */
    long readLong() {
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

    /** The item count of a map block; a block written with its size in bytes has the size skipped. */
    long readBlockCount() {
      long n = readLong();
      if (n < 0) {
        n = -n;
        readLong();
      }
      return n;
    }

    int readLength() {
      long length = readLong();
      if (length < 0 || length > end - position) {
        throw new IllegalArgumentException("not an Event: a length of " + length + " at byte "
            + position + ", with " + (end - position) + " bytes left");
      }
      return (int) length;
    }

    String readString() {
      int length = readLength();
      String s = new String(in, position, length, StandardCharsets.UTF_8);
      position += length;
      return s;
    }

    void skipString() {
      int length = readLength(); // first: `position += readLength()` would add to the old position
      position += length;
    }

    void checkEnd() {
      if (position != end) {
        throw new IllegalArgumentException("not an Event: " + (end - start) + " bytes, trailing data");
      }
    }
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
