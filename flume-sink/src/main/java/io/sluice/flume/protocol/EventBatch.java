package io.sluice.flume.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.reflect.Nullable;

/**
 * The answer to {@code getEventBatch}: a sequence id and the events of one open transaction; or no
 * events and no sequence (the channel was empty, nothing to ack); or an {@link #error()}.
 *
 * <p>The events travel already encoded, the way a receiver stores them, so that it stores a batch
 * without making an object per event:
 * <ul>
 *   <li>{@link #eventBytes()}: each event as Avro binary of the {@code headers} and {@code body}
 *       fields of Sluice's {@code Event} schema ({@code io/sluice/records/Event.avsc}), back to
 *       back; the receiver appends the two time fields;</li>
 *   <li>{@link #index()}: {@value #INDEX_BYTES} bytes per event, big-endian: the length of its
 *       encoding in {@code eventBytes}, its {@linkplain #key key}, and its event time (epoch ms
 *       from the {@code timestamp} header, as Flume's timestamp interceptor sets it) or {@link
 *       #NO_EVENT_TIME}.</li>
 * </ul>
 * The sink computes keys and times while it encodes, on the agent's cores.
 */
public final class EventBatch {
  /** Index bytes per event: int length, long key, long event time. */
  public static final int INDEX_BYTES = 20;
  /** The event time of an event without a numeric {@code timestamp} header. */
  public static final long NO_EVENT_TIME = Long.MIN_VALUE;

  private String sequence;
  private int count;
  // ByteBuffers, not arrays: the sink sends a slice of its buffer and the receiver reads into one
  // array, with no copy to an array of exact size on either side.
  private ByteBuffer events;
  private ByteBuffer index;
  @Nullable private String error;
  /** {@link #index} to read from, made once (transient: not on the wire). */
  private transient ByteBuffer indexView;

  private EventBatch() {
    // for Avro reflect
  }

  private EventBatch(String sequence, int count, ByteBuffer events, ByteBuffer index, String error) {
    this.sequence = sequence;
    this.count = count;
    this.events = events;
    this.index = index;
    this.error = error;
  }

  /** The channel had no events; no transaction stays open. */
  public static EventBatch empty() {
    return new EventBatch("", 0, ByteBuffer.allocate(0), ByteBuffer.allocate(0), null);
  }

  public static EventBatch failed(String error) {
    return new EventBatch("", 0, ByteBuffer.allocate(0), ByteBuffer.allocate(0), error);
  }

  /** The id to ack or nack; empty when there is nothing to acknowledge. */
  public String sequence() {
    return sequence;
  }

  /** How many events the batch holds. */
  public int count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The events' encodings back to back: a view of the batch's own bytes, from position 0. */
  public ByteBuffer eventBytes() {
    return events.slice();
  }

  /** The per-event index: a view of the batch's own bytes, from position 0. */
  public ByteBuffer index() {
    return index.slice();
  }

  /** Why no batch was served (a bad request, a busy or stopping sink), or {@code null}. */
  public String error() {
    return error;
  }

  public boolean failed() {
    return error != null;
  }

  /**
   * Checks that the index and the event bytes agree (counts, lengths); a receiver calls it before
   * storing the batch, so a damaged answer is refused whole instead of stored as a corrupt block.
   *
   * @throws IllegalStateException naming what does not add up
   */
  public EventBatch validate() {
    if (count < 0 || index == null || events == null
        || (long) count * INDEX_BYTES != index.remaining()) {
      throw new IllegalStateException("batch " + sequence + " claims " + count + " events but has "
          + (index == null ? "no" : index.remaining() + " bytes of") + " index");
    }
    long total = 0;
    for (int i = 0; i < count; i++) {
      int length = length(i);
      if (length < 2) { // an empty map and an empty body take a byte each
        throw new IllegalStateException("batch " + sequence + ": event " + i + " claims " + length
            + " bytes");
      }
      total += length;
    }
    if (total != events.remaining()) {
      throw new IllegalStateException("batch " + sequence + ": its index covers " + total
          + " bytes of events, but " + events.remaining() + " came");
    }
    return this;
  }

  private ByteBuffer indexView() {
    if (indexView == null) {
      indexView = index.slice();
    }
    return indexView;
  }

  /** The length of event {@code i}'s encoding. */
  public int length(int i) {
    return indexView().getInt(i * INDEX_BYTES);
  }

  /** Event {@code i}'s key. */
  public long key(int i) {
    return indexView().getLong(i * INDEX_BYTES + 4);
  }

  /** Event {@code i}'s event time, or {@link #NO_EVENT_TIME}. */
  public long eventTime(int i) {
    return indexView().getLong(i * INDEX_BYTES + 12);
  }

  /** Every event's key, in order. */
  public long[] keys() {
    long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = key(i);
    }
    return keys;
  }

  /** The events decoded (for tools and tests: a receiver stores the bytes as they are). */
  public List<FlumeEvent> events() {
    List<FlumeEvent> out = new ArrayList<>(count);
    BinaryDecoder decoder = null;
    ByteBuffer bytes = eventBytes();
    byte[] array = bytes.hasArray() ? bytes.array() : new byte[bytes.remaining()];
    int offset = bytes.hasArray() ? bytes.arrayOffset() : 0;
    if (!bytes.hasArray()) {
      bytes.get(array);
    }
    for (int i = 0; i < count; i++) {
      int length = length(i);
      decoder = DecoderFactory.get().binaryDecoder(array, offset, length, decoder);
      try {
        Map<String, String> headers = new LinkedHashMap<>();
        for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
          for (long j = 0; j < n; j++) {
            headers.put(decoder.readString(), decoder.readString());
          }
        }
        ByteBuffer body = decoder.readBytes(null);
        byte[] bodyBytes = new byte[body.remaining()];
        body.get(bodyBytes);
        out.add(new FlumeEvent(headers, bodyBytes));
      } catch (IOException e) {
        throw new IllegalStateException("batch " + sequence + ": event " + i + " is not Avro "
            + "binary of headers and body: " + e, e);
      }
      offset += length;
    }
    return out;
  }

  /**
   * An event's key: 64 bits that tell apart the events of one sink's unsettled batches, the same
   * for an event however often the channel offers it. Headers in any order give the same key (a
   * file channel may hand back a replayed event's map in another order): each header is mixed on
   * its own and the results summed. The body goes through two different 32-bit CRCs, both CPU
   * instructions: a 64-bit digest at memory speed. Not meant to resist an adversary. Events that
   * are identical in headers and body share a key; {@code io.sluice.flume.EventIdInterceptor}
   * makes every event unique.
   */
  public static long key(Map<String, String> headers, byte[] body) {
    long mixed = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      mixed += mix(((long) e.getKey().hashCode() << 32) ^ (e.getValue().hashCode() & 0xFFFFFFFFL)
          ^ ((long) e.getKey().length() << 20));
    }
    CRC32C crc32c = new CRC32C();
    crc32c.update(body);
    CRC32 crc32 = new CRC32();
    crc32.update(body);
    return mix(mixed + headers.size()) ^ (crc32c.getValue() << 32 | crc32.getValue())
        ^ ((long) body.length << 17);
  }

  /** A 64-bit finalizer (multiply-xorshift): spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The epoch-ms {@code timestamp} header, or {@link #NO_EVENT_TIME} when absent or not a number. */
  static long eventTime(Map<String, String> headers) {
    String timestamp = headers.get("timestamp");
    if (timestamp != null) {
      try {
        return Long.parseLong(timestamp);
      } catch (NumberFormatException ignored) {
        // not epoch millis: the receiver uses the ingest time
      }
    }
    return NO_EVENT_TIME;
  }

  /** Encodes events as a sink takes them from its channel. Not thread-safe. */
  public static final class Builder {
    private final Bytes events;
    private final ByteBuffer index;
    private BinaryEncoder encoder;
    private int count;

    /** For up to {@code maxEvents} events. */
    public Builder(int maxEvents) {
      this(maxEvents, 0);
    }

    /** For up to {@code maxEvents} events whose bodies take about {@code bodyBytes}. */
    public Builder(int maxEvents, long bodyBytes) {
      // headers take some 64 bytes an event; a better guess saves growing by copies
      this.events = new Bytes((int) Math.min(Integer.MAX_VALUE - 8,
          Math.max(256, bodyBytes + 64L * maxEvents)));
      this.index = ByteBuffer.allocate(maxEvents * INDEX_BYTES);
    }

    /**
     * Adds an event; the map and array are read, not kept. The bytes are the start of what
     * {@code io.sluice.records.EventCodec.encode} writes (this plugin does not bundle Sluice's
     * shared library, so the two writers are kept alike by hand; FlumePollingReceiverTest reads
     * what this writes back through EventCodec).
     */
    public Builder add(Map<String, String> headers, byte[] body) {
      int start = events.size();
      encoder = EncoderFactory.get().binaryEncoder(events, encoder);
      try {
        encoder.writeMapStart();
        encoder.setItemCount(headers.size());
        for (Map.Entry<String, String> header : headers.entrySet()) {
          encoder.startItem();
          encoder.writeString(header.getKey());
          encoder.writeString(header.getValue());
        }
        encoder.writeMapEnd();
        encoder.writeBytes(body, 0, body.length);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
      }
      index.putInt(events.size() - start).putLong(key(headers, body)).putLong(eventTime(headers));
      count++;
      return this;
    }

    public int count() {
      return count;
    }

    public EventBatch build(String sequence) {
      return new EventBatch(sequence, count, events.view(),
          ByteBuffer.wrap(index.array(), 0, count * INDEX_BYTES), null);
    }
  }

  /** A byte array stream whose bytes can be sent without copying them out first. */
  private static final class Bytes extends ByteArrayOutputStream {
    Bytes(int capacity) {
      super(capacity);
    }

    ByteBuffer view() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }
}
