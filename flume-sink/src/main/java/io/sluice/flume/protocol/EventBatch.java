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
  // Arrays, not ByteBuffers: Avro's buffered encoder copies a heap ByteBuffer once more before
  // writing it (it makes it read-only, and then it has no array), and every byte the agent
  // allocates makes its young collections, which copy the channel's events, come sooner.
  private byte[] events;
  private byte[] index;
  @Nullable private String error;
  /** {@link #index} to read from, made once (transient: not on the wire). */
  private transient ByteBuffer indexView;

  private EventBatch() {
    // for Avro reflect
  }

  private EventBatch(String sequence, int count, byte[] events, byte[] index, String error) {
    this.sequence = sequence;
    this.count = count;
    this.events = events;
    this.index = index;
    this.error = error;
  }

  /** The channel had no events; no transaction stays open. */
  public static EventBatch empty() {
    return new EventBatch("", 0, new byte[0], new byte[0], null);
  }

  public static EventBatch failed(String error) {
    return new EventBatch("", 0, new byte[0], new byte[0], error);
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
    return ByteBuffer.wrap(events);
  }

  /** The per-event index: a view of the batch's own bytes, from position 0. */
  public ByteBuffer index() {
    return ByteBuffer.wrap(index);
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
    if (count < 0 || index == null || events == null || (long) count * INDEX_BYTES != index.length) {
      throw new IllegalStateException("batch " + sequence + " claims " + count + " events but has "
          + (index == null ? "no" : index.length + " bytes of") + " index");
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
    if (total != events.length) {
      throw new IllegalStateException("batch " + sequence + ": its index covers " + total
          + " bytes of events, but " + events.length + " came");
    }
    return this;
  }

  private ByteBuffer indexView() {
    if (indexView == null) {
      indexView = ByteBuffer.wrap(index);
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
    int offset = 0;
    for (int i = 0; i < count; i++) {
      int length = length(i);
      decoder = DecoderFactory.get().binaryDecoder(events, offset, length, decoder);
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

  /**
   * Encodes events as a sink takes them from its channel. Not thread-safe; reusable ({@link
   * #reset}): a sink keeps one per thread, so its buffers are made once, and each batch costs only
   * the exact-size arrays it sends.
   */
  public static final class Builder {
    private final ByteArrayOutputStream events = new ByteArrayOutputStream(64 * 1024);
    private ByteBuffer index = ByteBuffer.allocate(0);
    private BinaryEncoder encoder;
    private int count;

    /** Empties the builder for a batch of up to {@code maxEvents} events. */
    public Builder reset(int maxEvents) {
      events.reset();
      if (index.capacity() < maxEvents * INDEX_BYTES) {
        index = ByteBuffer.allocate(maxEvents * INDEX_BYTES);
      }
      index.clear();
      count = 0;
      return this;
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

    /** The batch so far, in arrays of its own: the builder can be reset at once. */
    public EventBatch build(String sequence) {
      return new EventBatch(sequence, count, events.toByteArray(),
          java.util.Arrays.copyOf(index.array(), count * INDEX_BYTES), null);
    }
  }
}
