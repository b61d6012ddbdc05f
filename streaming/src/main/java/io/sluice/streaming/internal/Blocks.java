package io.sluice.streaming.internal;

import com.google.common.io.ByteArrayDataInput;
import com.google.common.io.ByteStreams;
import io.sluice.records.EventCodec;
import io.sluice.records.GrowableBuffer;
import io.sluice.streaming.RecordCodec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;

/**
 * The byte layout of a block: a version byte, the record count, then each record as its codec
 * writes it. Encoding and decoding avoid synchronized streams: at millions of records a second,
 * a lock per record is a visible cost.
 */
final class Blocks {
  private static final byte VERSION = 1;
  /** Bytes before a block's records: the format version and the record count. */
  static final int HEADER_BYTES = 5;

  private Blocks() {}

  /** A block's bytes and how many records went in. */
  record Encoded(byte[] bytes, int records) {}

  /**
   * Encodes {@code records}, leaving out each one whose encoding exceeds {@code maxRecordBytes}:
   * {@code onOversized} gets its size and the block goes on without it.
   */
  static <T> Encoded encode(List<T> records, RecordCodec<T> codec, int maxRecordBytes,
      IntConsumer onOversized) {
    Builder<T> builder = new Builder<>(codec, maxRecordBytes, records.size() * 64);
    for (T record : records) {
      builder.add(record, onOversized);
    }
    return builder.build();
  }

  /**
   * The block whose {@code count} records its writer laid out in {@code block} from {@link
   * #HEADER_BYTES} to the end: the header goes in front, and the array is the block, uncopied.
   */
  static Encoded inPlace(byte[] block, int count) {
    block[0] = VERSION;
    block[1] = (byte) (count >>> 24);
    block[2] = (byte) (count >>> 16);
    block[3] = (byte) (count >>> 8);
    block[4] = (byte) count;
    return new Encoded(block, count);
  }

  /**
   * Collects records in the block layout as they come, so cutting a block is one copy. Not
   * thread-safe.
   */
  static final class Builder<T> {
    private final RecordCodec<T> codec;
    private final int maxRecordBytes;
    private final GrowableBuffer buffer;
    private final DataOutputStream out;
    private int records;

    Builder(RecordCodec<T> codec, int maxRecordBytes, int capacity) {
      this.codec = codec;
      this.maxRecordBytes = maxRecordBytes;
      this.buffer = new GrowableBuffer(HEADER_BYTES + capacity);
      this.out = new DataOutputStream(buffer);
      buffer.write(VERSION);
      buffer.writeInt(0);
    }

    /** Adds {@code record}, or leaves it out and tells {@code onOversized} its encoded size. */
    void add(T record, IntConsumer onOversized) {
      int start = buffer.size();
      try {
        codec.write(record, out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode a record", e);
      }
      int size = buffer.size() - start;
      if (size > maxRecordBytes) {
        buffer.truncate(start);
        onOversized.accept(size);
      } else {
        records++;
      }
    }

    /** Adds {@code count} records already in the codec's encoding. */
    void addEncoded(byte[] encoded, int offset, int length, int count) {
      buffer.write(encoded, offset, length);
      records += count;
    }

    int records() {
      return records;
    }

    /** Bytes so far, header included. */
    int bytes() {
      return buffer.size();
    }

    Encoded build() {
      buffer.putInt(1, records);
      return new Encoded(buffer.toByteArray(), records);
    }
  }

  /** The records of a block, decoded lazily as the iterator advances. */
  @SuppressWarnings("unchecked")
  static <T> Iterator<T> decode(byte[] block, RecordCodec<T> codec) {
    if (block.length < HEADER_BYTES || block[0] != VERSION) {
      throw new IllegalStateException(block.length < HEADER_BYTES ? "corrupt block: " + block.length
          + " bytes" : "block format version " + block[0] + " is not known (expected " + VERSION
          + "): written by a newer Sluice?");
    }
    int count = readInt(block, 1);
    if (codec == RecordCodec.Strings.INSTANCE) {
      return (Iterator<T>) records(count, new LengthPrefixed<>(block,
          (bytes, offset, length) -> new String(bytes, offset, length, StandardCharsets.UTF_8)));
    }
    if (codec == RecordCodec.Events.INSTANCE) {
      return (Iterator<T>) records(count, new LengthPrefixed<>(block, new EventCodec()::decode));
    }
    ByteArrayDataInput in = ByteStreams.newDataInput(block, HEADER_BYTES);
    return records(count, () -> codec.read(in));
  }

  /** Reads a block's next record. */
  private interface RecordReader<T> {
    T next() throws IOException;
  }

  /** The {@code count} records {@code reader} reads, one per step; a bad one fails the step. */
  private static <T> Iterator<T> records(int count, RecordReader<T> reader) {
    return new Iterator<>() {
      private int read;

      @Override
      public boolean hasNext() {
        return read < count;
      }

      @Override
      public T next() {
        if (read >= count) {
          throw new NoSuchElementException();
        }
        read++;
        try {
          return reader.next();
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
          throw new UncheckedIOException("corrupt block: record " + read + " of " + count + ": "
              + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
      }
    };
  }

  /** Decodes one record from a slice of a block. */
  private interface SliceDecoder<T> {
    T decode(byte[] bytes, int offset, int length);
  }

  /**
   * Records of a length-prefixed codec ({@link RecordCodec#strings()}, {@link
   * RecordCodec#events()}) straight from the block's bytes: the codec's generic path would copy
   * every record into a byte array of its own first.
   */
  private static final class LengthPrefixed<T> implements RecordReader<T> {
    private final byte[] block;
    private final SliceDecoder<T> decoder;
    private int position = HEADER_BYTES;

    LengthPrefixed(byte[] block, SliceDecoder<T> decoder) {
      this.block = block;
      this.decoder = decoder;
    }

    @Override
    public T next() throws IOException {
      int length = position + 4 <= block.length ? readInt(block, position) : -1;
      if (length < 0 || length > block.length - position - 4) {
        throw new IOException("it claims " + length + " bytes at offset " + position + " of "
            + block.length);
      }
      T record;
      try {
        record = decoder.decode(block, position + 4, length);
      } catch (IllegalArgumentException e) {
        throw new IOException("at offset " + position + ": " + e.getMessage(), e);
      }
      position += 4 + length;
      return record;
    }
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
        | (bytes[at + 3] & 0xff);
  }
}
