package io.sluice.streaming.internal.wal;

import static io.sluice.streaming.internal.wal.SegmentFormat.FRAME_HEADER_BYTES;
import static io.sluice.streaming.internal.wal.SegmentFormat.HEADER_BYTES;
import static io.sluice.streaming.internal.wal.SegmentFormat.MARKER;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataInputStream;

/**
 * Reads one segment front to back for recovery, stepping over damage instead of failing on it.
 *
 * <p>A frame that does not check out (no marker, an impossible length, a length running past the
 * end, a checksum mismatch) starts a scan for the next marker whose frame does check out. Found:
 * the bytes in between are reported as corrupt. Not found: they are a torn tail, which is what a
 * writer killed mid-record leaves. Either way the reader goes on; nothing here is fatal except an
 * I/O error or a segment written by a newer format version.
 */
final class SegmentReader implements Closeable {

  /** Told of every region skipped, to log and count it. */
  interface DamageListener {
    void corrupt(Path segment, long offset, long bytesSkipped, String why);

    void tornTail(Path segment, long offset, long bytesIgnored, String why);
  }

  private static final int SCAN_CHUNK_BYTES = 64 * 1024;

  private final Path path;
  private final FSDataInputStream in;
  private final long length;
  private final int maxRecordBytes;
  private final DamageListener listener;
  private long pos;
  private String lastRejection;

  private SegmentReader(Path path, FSDataInputStream in, long length, int maxRecordBytes,
      DamageListener listener) {
    this.path = path;
    this.in = in;
    this.length = length;
    this.maxRecordBytes = maxRecordBytes;
    this.listener = listener;
  }

  /**
   * Opens a segment and checks its header.
   *
   * @param limit how many bytes of the segment to read (what its writer has flushed), or -1 for
   *     all that is visible
   */
  static SegmentReader open(FileSystem fs, Path path, long limit, int maxRecordBytes,
      DamageListener listener) throws IOException {
    FSDataInputStream in = fs.open(path, SCAN_CHUNK_BYTES);
    try {
      long visible = visibleLength(fs, path, in);
      long length = limit < 0 ? visible : Math.min(limit, visible);
      SegmentReader reader = new SegmentReader(path, in, length, maxRecordBytes, listener);
      reader.readHeader();
      return reader;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * On HDFS a file whose writer died (or is still writing) has a last block the NameNode does not
   * know the length of yet; the DataNode does, and the stream asked it.
   */
  static long visibleLength(FileSystem fs, Path path, FSDataInputStream in) throws IOException {
    if (in instanceof HdfsDataInputStream hdfs) {
      return hdfs.getVisibleLength();
    }
    return fs.getFileStatus(path).getLen();
  }

  private void readHeader() throws IOException {
    if (length < HEADER_BYTES) {
      if (length > 0) {
        listener.tornTail(path, 0, length, "the segment header is incomplete");
      }
      pos = length;
      return;
    }
    byte[] header = new byte[HEADER_BYTES];
    in.readFully(0, header, 0, HEADER_BYTES);
    if (SegmentFormat.intAt(header, 0) != SegmentFormat.MAGIC) {
      listener.corrupt(path, 0, length, "not a WAL segment (bad magic number), skipping all of it");
      pos = length;
      return;
    }
    if (header[4] != SegmentFormat.VERSION) {
      throw new IOException("WAL segment " + path + " has format version " + header[4]
          + "; this Sluice reads version " + SegmentFormat.VERSION + " (written by a newer release?)");
    }
    pos = HEADER_BYTES;
    in.seek(pos);
  }

  /** The next intact record, or null at the segment's end. */
  ByteBuffer next() throws IOException {
    while (pos < length) {
      long start = pos;
      byte[] payload = frameAt(start);
      if (payload != null) {
        pos = start + FRAME_HEADER_BYTES + payload.length;
        return ByteBuffer.wrap(payload);
      }
      String why = lastRejection;
      long resume = nextIntactFrame(start + 1);
      if (resume < 0) {
        listener.tornTail(path, start, length - start, why);
        pos = length;
        return null;
      }
      listener.corrupt(path, start, resume - start, why);
      pos = resume;
      in.seek(pos);
    }
    return null;
  }

  /** The payload of the frame at {@code offset} if it checks out; else null, with the reason. */
  private byte[] frameAt(long offset) throws IOException {
    long left = length - offset;
    if (left < FRAME_HEADER_BYTES) {
      lastRejection = "only " + left + " bytes left, a record header needs " + FRAME_HEADER_BYTES;
      return null;
    }
    if (in.getPos() != offset) {
      in.seek(offset);
    }
    byte[] header = new byte[FRAME_HEADER_BYTES];
    in.readFully(header);
    if (SegmentFormat.intAt(header, 0) != MARKER) {
      lastRejection = "no record marker";
      return null;
    }
    int payloadLength = SegmentFormat.intAt(header, 4);
    if (payloadLength < 0 || payloadLength > maxRecordBytes) {
      lastRejection = "impossible record length " + payloadLength;
      return null;
    }
    if (payloadLength > left - FRAME_HEADER_BYTES) {
      lastRejection = "a record of " + payloadLength + " bytes but only "
          + (left - FRAME_HEADER_BYTES) + " bytes left";
      return null;
    }
    byte[] payload = new byte[payloadLength];
    in.readFully(payload);
    if (SegmentFormat.checksum(payloadLength, payload, 0) != SegmentFormat.intAt(header, 8)) {
      lastRejection = "checksum mismatch in a record of " + payloadLength + " bytes";
      return null;
    }
    return payload;
  }

  /** The offset of the first intact frame at or after {@code from}, or -1. */
  private long nextIntactFrame(long from) throws IOException {
    byte[] chunk = new byte[SCAN_CHUNK_BYTES];
    long base = from;
    while (base + FRAME_HEADER_BYTES <= length) {
      int n = (int) Math.min(chunk.length, length - base);
      in.readFully(base, chunk, 0, n);
      for (int i = 0; i + 4 <= n; i++) {
        if (SegmentFormat.intAt(chunk, i) == MARKER && frameAt(base + i) != null) {
          return base + i;
        }
      }
      // Step back three bytes so a marker straddling two chunks is still seen.
      base += n - 3;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
