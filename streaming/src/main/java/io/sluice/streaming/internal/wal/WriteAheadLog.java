package io.sluice.streaming.internal.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A write-ahead log: records made durable before a receiver acknowledges its source, read back by
 * handle when a batch runs, and replayed in full when a driver or receiver recovers.
 *
 * <p>Two kinds of logs use it: one per receiver for its block data (records of 100 KB to 10 MB, a
 * few writing threads) and the driver's block-tracker metadata log (small records). Each lives in
 * a folder of its own; one process writes a folder at a time.
 *
 * <p><b>Lifecycle.</b>
 * <ol>
 *   <li>Open it on a folder (see {@link HdfsWriteAheadLog#open}); an existing folder is recovered:
 *       its segments stay readable, new writes go into a new segment.</li>
 *   <li>After a restart, {@link #readAll()} replays what the previous process wrote.</li>
 *   <li>{@link #write} records; {@link #read} them back by the returned {@link WalHandle}.</li>
 *   <li>{@link #clean} segments that no unfinished batch or window needs any more.</li>
 *   <li>{@link #close()} it.</li>
 * </ol>
 *
 * <p><b>Durability.</b> When {@code write} returns, the record survives the death of the writing
 * process (on HDFS it was {@code hflush}ed to every DataNode of the pipeline; on the local file
 * system it is in the operating system's hands). It does not promise survival of a power loss of
 * all replicas ({@code hsync}). When {@code write} throws, the record may or may not have become
 * durable: a caller that retries can see it twice in {@link #readAll()}.
 *
 * <p><b>Threading.</b> Every method is thread-safe. Concurrent writes are serialized into one
 * segment and may share one flush (group commit), so several writer threads get more throughput
 * than one; the order of records in the log is the order in which writes were serialized.
 *
 * <p><b>Time.</b> Every record carries a time on the caller's clock (a block time, a batch time).
 * Segments are named after the range of times they hold, which is what {@link #clean} decides by.
 *
 * <pre>{@code
 * try (WriteAheadLog log = HdfsWriteAheadLog.open(fs, new Path(checkpointDir, "wal/receiver-0"),
 *     WalSettings.from(conf), clock)) {
 *   WalHandle handle = log.write(ByteBuffer.wrap(block), blockTime);   // durable now: ack the source
 *   ByteBuffer again = log.read(handle);
 *   log.clean(oldestBatchStillNeeded, false);
 * }
 * }</pre>
 */
public interface WriteAheadLog extends Closeable {

  /**
   * Appends a record and returns once it is durable.
   *
   * <p>Reads the bytes between the buffer's position and limit without moving them; the buffer
   * may be reused once this returns.
   *
   * @param timeMillis the record's time on the caller's clock (non-negative)
   * @return where the record lies, for {@link #read}
   * @throws IllegalArgumentException when the record exceeds the maximum record size (the message
   *     names the size and {@code sluice.streaming.wal.max.record.bytes}); the log stays usable
   * @throws IOException when the record could not be made durable; the next write starts a new
   *     segment
   * @throws IllegalStateException when the log is closed
   */
  WalHandle write(ByteBuffer record, long timeMillis) throws IOException;

  /**
   * Reads one record by its handle, checking its checksum. The handle may come from another log
   * on the same file system, written by another process: handles hold full paths.
   *
   * @return the payload, a new buffer from position 0 to its limit; when it has an array, that
   *     array holds the payload alone (callers may keep it instead of copying)
   * @throws IOException when the record is damaged, truncated or its segment is gone; the message
   *     names the segment and offset
   */
  ByteBuffer read(WalHandle handle) throws IOException;

  /**
   * Reads every record of every segment, segment by segment in the order they were created, each
   * in write order: since segments roll by time, that is time order. Meant for recovery, before
   * new writes; records written while iterating may or may not be seen.
   *
   * <p>Damage is never fatal: an incomplete record at a segment's end (a crash mid-write) or a
   * region whose checksum fails is logged at WARN with its segment and offset, counted in
   * {@link #metrics()}, and skipped; reading goes on with the next intact record.
   *
   * @throws IOException when the folder cannot be listed; later failures to read surface as
   *     {@link java.io.UncheckedIOException} from the iterator
   */
  CloseableIterator<ByteBuffer> readAll() throws IOException;

  /**
   * Deletes every segment whose records are all older than {@code thresholdTimeMillis}, never the
   * segment being written. Segment names carry their time range, so no segment is read.
   *
   * <p>Runs on the log's daemon background thread: with {@code waitForCompletion} false it returns
   * at once and failures are logged at WARN (the next clean retries them); with true it waits and
   * throws them as {@link java.io.UncheckedIOException}. After {@link #close()} it does nothing.
   */
  void clean(long thresholdTimeMillis, boolean waitForCompletion);

  /** {@link #clean(long, boolean)} in the background: returns at once. */
  default void clean(long thresholdTimeMillis) {
    clean(thresholdTimeMillis, false);
  }

  /** A snapshot of this log's counters. */
  WalMetrics metrics();

  /**
   * Closes the segment being written (every record acknowledged by {@code write} was durable
   * already), stops the background thread and releases open files. Idempotent.
   */
  @Override
  void close() throws IOException;
}
