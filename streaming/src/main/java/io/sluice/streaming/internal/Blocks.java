package io.sluice.streaming.internal;

import com.google.common.io.ByteArrayDataInput;
import com.google.common.io.ByteStreams;
import io.sluice.streaming.RecordCodec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
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

  private Blocks() {}

  /** A block's bytes and how many records went in. */
  record Encoded(byte[] bytes, int records) {}

  /**
   * Encodes {@code records}, leaving out each one whose encoding exceeds {@code maxRecordBytes}:
   * {@code onOversized} gets its size (at least) and the block goes on without it.
   */
  static <T> Encoded encode(List<T> records, RecordCodec<T> codec, int maxRecordBytes,
      IntConsumer onOversized) {
    Buffer buffer = new Buffer(Math.max(64, records.size() * 64));
    int written = 0;
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(VERSION);
      out.writeInt(records.size());
      for (T record : records) {
        out.flush();
        int start = buffer.size;
        codec.write(record, out);
        out.flush();
        int size = buffer.size - start;
        if (size > maxRecordBytes) {
          buffer.size = start;
          onOversized.accept(size);
        } else {
          written++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a block", e);
    }
    buffer.putInt(1, written);
    return new Encoded(buffer.toByteArray(), written);
  }

  /** The records of a block, decoded lazily as the iterator advances. */
  static <T> Iterator<T> decode(byte[] block, RecordCodec<T> codec) {
    ByteArrayDataInput in = ByteStreams.newDataInput(block);
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalStateException("block format version " + version + " is not known (expected "
          + VERSION + "): written by a newer Sluice?");
    }
    int count = in.readInt();
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
          return codec.read(in);
        } catch (IOException e) {
          throw new UncheckedIOException("corrupt block: record " + read + " of " + count, e);
        }
      }
    };
  }

  /** A growable byte array without ByteArrayOutputStream's per-call locking. */
  static final class Buffer extends OutputStream {
    private byte[] bytes;
    private int size;

    Buffer(int capacity) {
      bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void putInt(int at, int value) {
      bytes[at] = (byte) (value >>> 24);
      bytes[at + 1] = (byte) (value >>> 16);
      bytes[at + 2] = (byte) (value >>> 8);
      bytes[at + 3] = (byte) value;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
