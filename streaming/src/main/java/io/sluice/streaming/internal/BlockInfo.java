package io.sluice.streaming.internal;

import io.sluice.streaming.internal.wal.WalHandle;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the driver knows of one stored block: which stream it feeds, how many records and bytes it
 * holds, when it was stored, and where in the receiver's write-ahead log it lies ({@code null} when
 * the WAL is off), and the receiver's mark of what in its source the block covers ({@code null}
 * if it gave none).
 */
public record BlockInfo(int streamId, String blockId, long records, long bytes, long timeMillis,
    WalHandle walHandle, String sourceMark) {
  private static final byte NO_MARK = 0;
  /** A mark in modified UTF-8 ({@code writeUTF}, at most 64 KB): logs written before marks grew. */
  private static final byte MARK_UTF = 1;
  /** A mark as {@link #writeMark}: any length, and a plain copy for ASCII marks. */
  private static final byte MARK_BYTES = 2;

  void write(DataOutput out) throws IOException {
    out.writeInt(streamId);
    out.writeUTF(blockId);
    out.writeLong(records);
    out.writeLong(bytes);
    out.writeLong(timeMillis);
    if (walHandle == null) {
      out.writeInt(-1);
    } else {
      byte[] handle = walHandle.toBytes();
      out.writeInt(handle.length);
      out.write(handle);
    }
    out.writeByte(sourceMark == null ? NO_MARK : MARK_BYTES);
    if (sourceMark != null) {
      writeMark(out, sourceMark);
    }
  }

  /** A source mark as its UTF-8 length and bytes. */
  static void writeMark(DataOutput out, String mark) throws IOException {
    byte[] bytes = mark.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readMark(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("corrupt block record: a source mark of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static BlockInfo read(DataInput in) throws IOException {
    int streamId = in.readInt();
    String blockId = in.readUTF();
    long records = in.readLong();
    long bytes = in.readLong();
    long time = in.readLong();
    int handleLength = in.readInt();
    WalHandle handle = null;
    if (handleLength >= 0) {
      byte[] handleBytes = new byte[handleLength];
      in.readFully(handleBytes);
      handle = WalHandle.fromBytes(handleBytes);
    }
    byte markFormat = in.readByte();
    String mark = switch (markFormat) {
      case NO_MARK -> null;
      case MARK_UTF -> in.readUTF();
      case MARK_BYTES -> readMark(in);
      default -> throw new IOException("corrupt block record: source mark format " + markFormat
          + " is not known (written by a newer Sluice?)");
    };
    return new BlockInfo(streamId, blockId, records, bytes, time, handle, mark);
  }
}
