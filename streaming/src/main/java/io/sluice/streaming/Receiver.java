package io.sluice.streaming;

import io.sluice.streaming.internal.ReceiverSupervisor;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Brings records from a source into a stream. Sluice calls {@link #onStart()} once the context
 * starts and {@link #onStop()} when it stops or restarts the receiver; both run on a Sluice thread
 * and must return quickly, so start your own threads in {@code onStart} and end them in {@code
 * onStop} (or when {@link #isStopped()} turns true).
 *
 * <p>Two ways to store, by how reliable the source is:
 * <ol>
 *   <li>{@link #store(Object)} hands one record to a block generator, which cuts a block every
 *       {@code sluice.streaming.block.interval.ms} (200 ms); cheap, but a record is durable only
 *       once its block is, so use it for sources that cannot be acknowledged (a TCP socket);</li>
 *   <li>{@link #store(List)} stores a whole batch as one block and returns only once that block is
 *       in the write-ahead log on HDFS and registered with the driver. Acknowledge your source
 *       <em>after</em> it returns, and the source's records survive the death of this receiver, its
 *       JVM, or the driver. If it throws, the block was not stored: do not acknowledge (nack).</li>
 * </ol>
 * Both block while the receiver is over its rate limit (a hard maximum plus backpressure).
 *
 * <p>When the source fails, call {@link #restart(String, Throwable)}: Sluice stops the receiver,
 * waits a backoff that grows from {@code sluice.streaming.receiver.restart.backoff.initial.ms} to
 * {@code ...max.ms}, and starts it again, for as long as the context runs. {@link #reportError}
 * records a problem without restarting. Neither ever stops the context.
 *
 * <p>A receiver is {@link Serializable}, as receivers will run in YARN containers of their own:
 * keep connections in {@code transient} fields made in {@code onStart}.
 *
 * <pre>{@code
 * public final class LinesReceiver extends Receiver<String> {
 *   private transient Thread reader;
 *   public void onStart() {
 *     reader = new Thread(() -> { while (!isStopped()) store(nextLine()); });
 *     reader.start();
 *   }
 *   public void onStop() { reader.interrupt(); }
 * }
 * }</pre>
 */
public abstract class Receiver<T> implements Serializable {
  /**
   * Bytes {@link #storeEncoded(byte[], int, String, java.util.Collection)} needs free at the start
   * of its array, for the block's header.
   */
  protected static final int BLOCK_HEADER_BYTES = ReceiverSupervisor.BLOCK_HEADER_BYTES;

  private transient volatile ReceiverSupervisor<T> supervisor;

  /** Starts receiving: connect, start threads, return. */
  public abstract void onStart();

  /** Stops receiving: end threads, close connections, return. Called also before a restart. */
  public abstract void onStop();

  /** Stores one record through the block generator; see the class comment for durability. */
  protected final void store(T record) {
    supervisor().storeOne(Objects.requireNonNull(record, "record"));
  }

  /**
   * Like {@link #store(Object)} for each of {@code records}, for a fraction of the cost: one rate
   * limit check and one lock for the lot. Not durable on return, like {@code store(T)}.
   */
  protected final void storeAll(List<T> records) {
    supervisor().storeMany(records);
  }

  /**
   * Like {@link #storeAll(List)} for records that are already bytes: {@code count} records, each
   * exactly as this stream's {@link RecordCodec} writes it, back to back in {@code
   * encoded[offset, offset + length)}. A receiver that reads bytes off the wire (lines, framed
   * messages) hands them on without making an object per record; the bytes are copied before this
   * returns. Not durable on return. Bytes that are not {@code count} records in the codec's
   * encoding make the batch that reads them fail with a "corrupt block" error.
   */
  protected final void storeEncoded(byte[] encoded, int offset, int length, int count) {
    checkEncoded(encoded, offset, length, count);
    supervisor().storeEncoded(encoded, offset, length, count);
  }

  /**
   * Stores {@code records} as one block, durably: returns once the block is in the write-ahead log
   * and registered with the driver.
   *
   * @throws StoreException when the block could not be stored; the source must not be acknowledged
   */
  protected final void store(List<T> records) {
    supervisor().storeBlock(records);
  }

  /**
   * Like {@link #store(List)}, and registers {@code sourceMark} (say, a file name) together with the
   * block, in one durable step: after any restart, {@link #storedMarks()} contains it exactly if the
   * block was stored. Sources without acknowledgements use this to read each piece exactly once.
   */
  protected final void store(List<T> records, String sourceMark) {
    supervisor().storeBlock(records, Objects.requireNonNull(sourceMark, "sourceMark"));
  }

  /**
   * Like {@link #store(List, String)}, and retires the earlier marks {@code retire} in the same
   * durable step: after any restart, {@link #storedMarks()} holds {@code sourceMark} and none of
   * {@code retire} exactly if the block was stored. Retire what the source no longer needs (say, a
   * batch the source confirmed), so marks do not pile up. {@code sourceMark} may be null to only
   * retire along with the block.
   *
   * <pre>{@code
   * store(batch, "seq-42", List.of("seq-41"));   // seq-41 was acknowledged meanwhile
   * }</pre>
   *
   * @throws StoreException when the block could not be stored; then no mark was retired either
   */
  protected final void store(List<T> records, String sourceMark, java.util.Collection<String> retire) {
    supervisor().storeBlock(records, sourceMark, List.copyOf(Objects.requireNonNull(retire, "retire")));
  }

  /**
   * Like {@link #store(List, String, java.util.Collection)} for records that are already bytes,
   * laid out as in {@link #storeEncoded(byte[], int, int, int)} from {@link #BLOCK_HEADER_BYTES} to
   * the end of {@code block}: stores them as one block, durably, with {@code sourceMark} (may be
   * null) and retiring {@code retire}. The array itself becomes the block, without a copy: hand it
   * over and never write to it again, since jobs read their records from it in place. Check each
   * record against {@link #maxRecordBytes()} first: this stores what it is given.
   *
   * <pre>{@code
   * byte[] block = new byte[BLOCK_HEADER_BYTES + recordBytes];
   * // ... records from block[BLOCK_HEADER_BYTES] on, each an int length and the codec's bytes
   * storeEncoded(block, records, "seq-42", List.of("seq-41"));
   * }</pre>
   *
   * @throws StoreException when the block could not be stored; then no mark was retired either
   */
  protected final void storeEncoded(byte[] block, int count, String sourceMark,
      java.util.Collection<String> retire) {
    checkEncoded(block, BLOCK_HEADER_BYTES, block.length - BLOCK_HEADER_BYTES, count);
    supervisor().storeBlockInPlace(block, count, sourceMark,
        List.copyOf(Objects.requireNonNull(retire, "retire")));
  }

  private static void checkEncoded(byte[] encoded, int offset, int length, int count) {
    Objects.checkFromIndexSize(offset, length, encoded.length);
    if (count < 0) {
      throw new IllegalArgumentException("record count " + count + " is negative");
    }
  }

  /**
   * The largest record this stream stores, in encoded bytes ({@code
   * sluice.streaming.receiver.max.record.bytes}); larger ones are rejected and counted.
   */
  protected final int maxRecordBytes() {
    return supervisor().maxRecordBytes();
  }

  /**
   * The largest block {@code store} and {@code storeEncoded} can store, in bytes, header included:
   * the write-ahead log's record limit ({@code sluice.streaming.wal.max.record.bytes}). A larger
   * block fails with a {@link StoreException}; split it, or ask the source for less at a time.
   */
  protected final int maxBlockBytes() {
    return supervisor().maxBlockBytes();
  }

  /**
   * Retires source marks without storing records (say, when stopping), durably: once it returns,
   * {@link #storedMarks()} no longer holds them, in this run or after a restart.
   *
   * @throws StoreException when the retirement could not be written
   */
  protected final void retireMarks(java.util.Collection<String> retire) {
    if (!retire.isEmpty()) {
      supervisor().retireMarks(List.copyOf(retire));
    }
  }

  /**
   * Every source mark stored by this stream, in this run and all before it, less those retired
   * ({@link #store(List, String, java.util.Collection)}, {@link #retireMarks}).
   */
  protected final java.util.Set<String> storedMarks() {
    return supervisor().storedMarks();
  }

  /**
   * Counters this receiver keeps about its source (say, duplicates it dropped), shown in its
   * {@link ReceiverStatus#sourceCounters()}; called from any thread, so return a snapshot. None by
   * default.
   */
  public java.util.Map<String, Long> sourceCounters() {
    return java.util.Map.of();
  }

  /** Asks Sluice to stop this receiver, wait a backoff, and start it again. Returns at once. */
  protected final void restart(String reason, Throwable error) {
    supervisor().restart(reason, error);
  }

  /** Records an error (logged and counted in the receiver's metrics) without restarting. */
  protected final void reportError(String message, Throwable error) {
    supervisor().reportError(message, error);
  }

  /**
   * Reports a record this receiver rejected itself for its size (a line too long to even read
   * whole): logged as an error and counted with the records the block generator rejects.
   */
  protected final void reportOversized(long bytes) {
    supervisor().rejectOversized(bytes);
  }

  /** True once Sluice asked this receiver to stop (or to restart); threads should end. */
  protected final boolean isStopped() {
    ReceiverSupervisor<T> current = supervisor;
    return current == null || current.isStopped();
  }

  /** The name of the stream this receiver feeds, for logs and thread names. */
  protected final String streamName() {
    return supervisor().streamName();
  }

  /** Sluice binds the receiver to its supervisor before {@link #onStart()}; not for user code. */
  public final void attach(ReceiverSupervisor<T> supervisor) {
    this.supervisor = supervisor;
  }

  private ReceiverSupervisor<T> supervisor() {
    ReceiverSupervisor<T> current = supervisor;
    if (current == null) {
      throw new IllegalStateException("receiver " + getClass().getName() + " is not running");
    }
    return current;
  }

  /** A block could not be stored durably; the records in it must not be acknowledged. */
  public static final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
