package io.sluice.streaming.internal;

import io.sluice.streaming.internal.wal.WalHandle;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the driver knows of one stored block: which stream it feeds, how many records and bytes it
 * holds, when it was stored, and where in the receiver's write-ahead log it lies ({@code null} when
 * the WAL is off), and the receiver's mark of what in its source the block covers ({@code null}
 * if it gave none).
 */
public record BlockInfo(int streamId, String blockId, long records, long bytes, long timeMillis,
    WalHandle walHandle, String sourceMark) {

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
    out.writeBoolean(sourceMark != null);
    if (sourceMark != null) {
      out.writeUTF(sourceMark);
    }
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
    String mark = in.readBoolean() ? in.readUTF() : null;
    return new BlockInfo(streamId, blockId, records, bytes, time, handle, mark);
  }
}
