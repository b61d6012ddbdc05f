package io.sluice.streaming.internal.wal;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Where one record lies in a write-ahead log: the segment file's full path, the offset of the
 * record's frame in it and the payload's length. Returned by {@link WriteAheadLog#write}, stored
 * by the driver in its own metadata log, and passed back to {@link WriteAheadLog#read}.
 *
 * <p>The path is absolute and qualified ({@code hdfs://nn:8020/ckpt/wal/receiver-0/wal-...}), so
 * any log instance, in any process, can read a handle another one wrote.
 *
 * <p>Serialized with {@link #toBytes()} / {@link #writeTo(DataOutput)} in an explicit, versioned
 * form (a format byte, the offset, the length, the path in UTF-8): about 100 bytes, stable across
 * releases, never Java serialization.
 *
 * <pre>{@code
 * byte[] stored = handle.toBytes();
 * WalHandle again = WalHandle.fromBytes(stored);
 * }</pre>
 *
 * @param segment the segment file's qualified path
 * @param offset where the record's frame starts in the segment
 * @param length the record's payload length in bytes
 */
public record WalHandle(String segment, long offset, int length) {

  /** The first byte of every serialized handle; a reader refuses formats it does not know. */
  private static final byte FORMAT = 1;

  public WalHandle {
    Objects.requireNonNull(segment, "segment");
    if (segment.isEmpty()) {
      throw new IllegalArgumentException("a WAL handle needs a segment path");
    }
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "a WAL handle needs a non-negative offset and length, got " + offset + " and " + length);
    }
  }

  /** The compact serialized form, read back by {@link #fromBytes(byte[])}. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + segment.length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /** Writes the same bytes as {@link #toBytes()} into a larger record. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(FORMAT);
    out.writeLong(offset);
    out.writeInt(length);
    out.writeUTF(segment);
  }

  /**
   * Reads a handle written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a handle of a known format
   */
  public static WalHandle fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      WalHandle handle = readFrom(in);
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "not a WAL handle: " + in.available() + " bytes left after " + handle);
      }
      return handle;
    } catch (EOFException e) {
      throw new IllegalArgumentException("not a WAL handle: only " + bytes.length + " bytes", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a WAL handle: " + e.getMessage(), e);
    }
  }

  /** Reads a handle written by {@link #writeTo(DataOutput)}. */
  public static WalHandle readFrom(DataInput in) throws IOException {
    byte format = in.readByte();
    if (format != FORMAT) {
      throw new IOException("unknown WAL handle format " + format + " (this Sluice reads " + FORMAT
          + "): written by a newer release, or not a handle");
    }
    long offset = in.readLong();
    int length = in.readInt();
    String segment = in.readUTF();
    try {
      return new WalHandle(segment, offset, length);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt WAL handle: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return segment + "@" + offset + "+" + length;
  }
}
