package io.sluice.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Converts {@link Event}s to and from Avro: {@link GenericRecord}s of {@link #SCHEMA} (for Avro
 * container files and parquet-avro) and single-record Avro binary (for WAL frames and RPC). Binary
 * carries no schema: it is only readable with this schema (or a compatible evolution of it).
 *
 * <p>An instance reuses its encoder, decoder and buffer, so it is <b>not thread-safe</b>: keep one
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
  private BinaryDecoder decoder;

  // Binary goes field by field through Avro's encoder and decoder, in the schema's order, rather
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

  public Event decode(byte[] bytes, int offset, int length) {
    decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder);
    try {
      LinkedHashMap<String, String> headers = new LinkedHashMap<>();
      for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
        for (long i = 0; i < n; i++) {
          headers.put(decoder.readString(), decoder.readString());
        }
      }
      ByteBuffer bodyBuffer = decoder.readBytes(null);
      byte[] body;
      if (bodyBuffer.hasArray() && bodyBuffer.arrayOffset() == 0 && bodyBuffer.position() == 0
          && bodyBuffer.remaining() == bodyBuffer.array().length) {
        body = bodyBuffer.array(); // a fresh array of exactly the body: keep it
      } else {
        body = new byte[bodyBuffer.remaining()];
        bodyBuffer.get(body);
      }
      long eventTime = decoder.readLong();
      long ingestTime = decoder.readLong();
      if (!decoder.isEnd()) {
        throw new IllegalArgumentException("not an Event: " + length + " bytes, trailing data");
      }
      return Event.owningAll(headers, body, eventTime, ingestTime);
    } catch (IOException | AvroRuntimeException | ClassCastException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("not an Event: " + e, e);
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
