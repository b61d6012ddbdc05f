package io.sluice.records;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array without {@link java.io.ByteArrayOutputStream}'s lock on every call: at
 * millions of records a second, that lock is a visible cost. Its array can be read without a copy.
 * Not thread-safe.
 */
public final class GrowableBuffer extends OutputStream {
  private byte[] bytes;
  private int size;

  public GrowableBuffer(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
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

  /** Appends {@code value} big-endian, as {@link java.io.DataOutput#writeInt} does. */
  public void writeInt(int value) {
    ensure(4);
    putInt(size, value);
    size += 4;
  }

  /** Overwrites four bytes at {@code at}, big-endian. */
  public void putInt(int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }

  public int size() {
    return size;
  }

  /** The backing array; valid up to {@link #size()}, and only until the next write. */
  public byte[] array() {
    return bytes;
  }

  /** Empties the buffer, keeping its array. */
  public void reset() {
    size = 0;
  }

  /** Goes back to {@code size} bytes, dropping what was written after. */
  public void truncate(int size) {
    this.size = size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max(2L * bytes.length, (long) size + more)));
    }
  }
}
