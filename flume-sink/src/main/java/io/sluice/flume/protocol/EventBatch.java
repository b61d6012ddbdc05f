package io.sluice.flume.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.reflect.AvroName;
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

  // The wire form is Avro reflect over these fields, which orders them by their Java names: count,
  // error, index, sequence, serializedEvents (named "events" on the wire, as before, so that sinks
  // and receivers of either order read each other through Avro's resolution). The events go last
  // so that a sink sends their bytes as they are, after the rest (writeAllButEvents), and a
  // receiver reads them in one copy (read); EventBatchTest checks both against Avro reflect.
  private String sequence;
  private int count;
  @AvroName("events") private byte[] serializedEvents;
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
    this.serializedEvents = events;
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
    return ByteBuffer.wrap(serializedEvents);
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
    if (count < 0 || index == null || serializedEvents == null
        || (long) count * INDEX_BYTES != index.length) {
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
    if (total != serializedEvents.length) {
      throw new IllegalStateException("batch " + sequence + ": its index covers " + total
          + " bytes of events, but " + serializedEvents.length + " came");
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
      decoder = DecoderFactory.get().binaryDecoder(serializedEvents, offset, length, decoder);
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
   * Writes this batch as Avro reflect would, up to and including the length of its events, and
   * returns the events' bytes, which must follow: a sink's responder sends them as they are
   * instead of copying half a megabyte into its output buffers.
   */
  public ByteBuffer writeAllButEvents(Encoder out) throws IOException {
    out.writeInt(count);
    if (error == null) {
      out.writeIndex(0);
      out.writeNull();
    } else {
      out.writeIndex(1);
      out.writeString(error);
    }
    out.writeBytes(index);
    out.writeString(sequence);
    out.writeLong(serializedEvents.length);
    return ByteBuffer.wrap(serializedEvents);
  }

  /**
   * Reads a batch in the layout Avro reflect writes, each array in one copy (Avro's reflect reader
   * copies bytes twice, through a ByteBuffer). For a receiver whose sink has this same schema.
   */
  public static EventBatch read(Decoder in) throws IOException {
    int count = in.readInt();
    String error = switch (in.readIndex()) {
      case 0 -> {
        in.readNull();
        yield null;
      }
      case 1 -> in.readString();
      default -> throw new IOException("EventBatch.error: not a union branch");
    };
    byte[] index = readBytes(in, "index");
    String sequence = in.readString();
    byte[] events = readBytes(in, "events");
    return new EventBatch(sequence, count, events, index, error);
  }

  private static byte[] readBytes(Decoder in, String field) throws IOException {
    long length = in.readLong();
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IOException("EventBatch." + field + " claims " + length + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    in.readFixed(bytes);
    return bytes;
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
      mixed += headerHash(e.getKey(), e.getValue());
    }
    return key(mixed, headers.size(), body);
  }

  /** One header's part of a {@link #key}: the key sums them, so their order does not count. */
  private static long headerHash(String name, String value) {
    return mix(((long) name.hashCode() << 32) ^ (value.hashCode() & 0xFFFFFFFFL)
        ^ ((long) name.length() << 20));
  }

  private static long key(long headerHashes, int headerCount, byte[] body) {
    CRC32C crc32c = new CRC32C();
    crc32c.update(body);
    CRC32 crc32 = new CRC32();
    crc32.update(body);
    return mix(headerHashes + headerCount) ^ (crc32c.getValue() << 32 | crc32.getValue())
        ^ ((long) body.length << 17);
  }

  /** A 64-bit finalizer (multiply-xorshift): spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A {@code timestamp} header's epoch ms, or {@link #NO_EVENT_TIME} when it is not a number. */
  private static long eventTime(String timestamp) {
    try {
      return Long.parseLong(timestamp);
    } catch (NumberFormatException ignored) {
      return NO_EVENT_TIME; // not epoch millis: the receiver uses the ingest time
    }
  }

  /**
   * Encodes events as a sink takes them from its channel. Not thread-safe; reusable ({@link
   * #reset}): a sink keeps one per thread, so its buffers grow once, and a batch costs only the
   * two exact-size arrays it sends. Each event is read once: its headers are written, hashed into
   * its key and searched for the {@code timestamp} in the same walk, since an event taken from a
   * busy channel is rarely in this core's cache and every pointer followed may miss.
   */
  public static final class Builder {
    private byte[] events = new byte[64 * 1024];
    private int size;
    private byte[] index = new byte[0];
    private int limit;
    private int count;

    /** Empties the builder for a batch of up to {@code maxEvents} events. */
    public Builder reset(int maxEvents) {
      if (index.length < maxEvents * INDEX_BYTES) {
        index = new byte[maxEvents * INDEX_BYTES];
      }
      limit = maxEvents;
      count = 0;
      size = 0;
      return this;
    }

    /**
     * Adds an event; the map and array are read, not kept. The bytes are the start of what {@code
     * io.sluice.records.EventCodec.encode} writes (this plugin does not bundle Sluice's shared
     * library, so the two writers are kept alike by hand; EventBatchTest reads them with Avro, and
     * FlumePollingReceiverTest through EventCodec).
     */
    public Builder add(Map<String, String> headers, byte[] body) {
      if (count == limit) {
        throw new IllegalStateException("the builder was reset for " + limit + " events");
      }
      int start = size;
      long headerHashes = 0;
      long eventTime = NO_EVENT_TIME;
      int headerCount = headers.size();
      if (headerCount > 0) {
        writeLong(headerCount);
        int written = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
          String name = header.getKey();
          String value = header.getValue();
          writeString(name);
          writeString(value);
          headerHashes += headerHash(name, value);
          if (name.equals("timestamp")) {
            eventTime = eventTime(value);
          }
          written++;
        }
        if (written != headerCount) {
          throw new java.util.ConcurrentModificationException("an event's headers changed while "
              + "it was encoded");
        }
      }
      writeLong(0);
      writeLong(body.length);
      ensure(body.length);
      System.arraycopy(body, 0, events, size, body.length);
      size += body.length;
      int at = count * INDEX_BYTES;
      putInt(at, size - start);
      putLong(at + 4, key(headerHashes, headerCount, body));
      putLong(at + 12, eventTime);
      count++;
      return this;
    }

    /** The batch so far, in arrays of its own: the builder can be reset at once. */
    public EventBatch build(String sequence) {
      return new EventBatch(sequence, count, java.util.Arrays.copyOf(events, size),
          java.util.Arrays.copyOf(index, count * INDEX_BYTES), null);
    }

    private void putInt(int at, int value) {
      for (int i = 0; i < 4; i++) {
        index[at + i] = (byte) (value >>> (24 - 8 * i));
      }
    }

    private void putLong(int at, long value) {
      for (int i = 0; i < 8; i++) {
        index[at + i] = (byte) (value >>> (56 - 8 * i));
      }
    }

    /** An Avro long: a zig-zag varint. */
    private void writeLong(long value) {
      ensure(10);
      long zigZag = (value << 1) ^ (value >> 63);
      while ((zigZag & ~0x7FL) != 0) {
        events[size++] = (byte) ((zigZag & 0x7F) | 0x80);
        zigZag >>>= 7;
      }
      events[size++] = (byte) zigZag;
    }

    /** An Avro string: its length, then its UTF-8 (ASCII is copied without an array of its own). */
    private void writeString(String s) {
      int length = s.length();
      for (int i = 0; i < length; i++) {
        if (s.charAt(i) >= 0x80) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8); // as Avro writes a String
          writeLong(utf8.length);
          ensure(utf8.length);
          System.arraycopy(utf8, 0, events, size, utf8.length);
          size += utf8.length;
          return;
        }
      }
      writeLong(length);
      ensure(length);
      for (int i = 0; i < length; i++) {
        events[size++] = (byte) s.charAt(i);
      }
    }

    private void ensure(int more) {
      if (more > events.length - size) {
        if ((long) size + more > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("a batch of more than " + size + " bytes");
        }
        events = java.util.Arrays.copyOf(events, (int) Math.min(Integer.MAX_VALUE - 8,
            Math.max(2L * events.length, (long) size + more)));
      }
    }
  }
}
