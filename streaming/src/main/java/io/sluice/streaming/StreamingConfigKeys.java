package io.sluice.streaming;

/**
 * Configuration keys of the streaming layer, each documented in {@code conf/sluice-default.xml}.
 */
public final class StreamingConfigKeys {

  // ---- write-ahead log ----

  /** Whether receivers store every block in a write-ahead log before acknowledging its source. */
  public static final String WAL_ENABLED_KEY = "sluice.streaming.wal.enabled";
  public static final boolean WAL_ENABLED_DEFAULT = true;

  /** How long a WAL segment file stays open for appends before the next one starts. */
  public static final String WAL_ROLL_INTERVAL_MS_KEY = "sluice.streaming.wal.roll.interval.ms";
  public static final long WAL_ROLL_INTERVAL_MS_DEFAULT = 10_000L;

  /** Largest WAL record accepted, in bytes; a larger write fails with a clear error. */
  public static final String WAL_MAX_RECORD_BYTES_KEY = "sluice.streaming.wal.max.record.bytes";
  public static final int WAL_MAX_RECORD_BYTES_DEFAULT = 64 * 1024 * 1024;

  /**
   * Bytes of received blocks the driver keeps in memory for batches not yet run; past it, with the
   * WAL on, new blocks are read back from the WAL when their batch runs.
   */
  public static final String BLOCK_MEMORY_MAX_BYTES_KEY = "sluice.streaming.block.memory.max.bytes";
  public static final long BLOCK_MEMORY_MAX_BYTES_DEFAULT = 256L * 1024 * 1024;

  // ---- receivers ----

  /** How often the block generator cuts the records given to {@code store(T)} into a block. */
  public static final String BLOCK_INTERVAL_MS_KEY = "sluice.streaming.block.interval.ms";
  public static final long BLOCK_INTERVAL_MS_DEFAULT = 200L;

  /**
   * A block is cut as soon as the records given to {@code store(T)} reach this many bytes, even
   * before the block interval ends; a receiver that runs ahead of the write-ahead log waits.
   */
  public static final String BLOCK_MAX_BYTES_KEY = "sluice.streaming.block.max.bytes";
  public static final long BLOCK_MAX_BYTES_DEFAULT = 8L * 1024 * 1024;

  /** Hard limit on records per second per receiver; 0 for none. */
  public static final String RECEIVER_MAX_RATE_KEY = "sluice.streaming.receiver.max.rate.per.second";
  public static final long RECEIVER_MAX_RATE_DEFAULT = 0L;

  /** Largest encoded record a receiver stores, in bytes; larger ones are rejected and counted. */
  public static final String RECEIVER_MAX_RECORD_BYTES_KEY = "sluice.streaming.receiver.max.record.bytes";
  public static final int RECEIVER_MAX_RECORD_BYTES_DEFAULT = 1024 * 1024;

  /** First wait before a failed receiver is started again; doubles on each failure. */
  public static final String RECEIVER_RESTART_BACKOFF_INITIAL_MS_KEY =
      "sluice.streaming.receiver.restart.backoff.initial.ms";
  public static final long RECEIVER_RESTART_BACKOFF_INITIAL_MS_DEFAULT = 100L;

  /** Longest wait before a failed receiver is started again. */
  public static final String RECEIVER_RESTART_BACKOFF_MAX_MS_KEY =
      "sluice.streaming.receiver.restart.backoff.max.ms";
  public static final long RECEIVER_RESTART_BACKOFF_MAX_MS_DEFAULT = 30_000L;

  // ---- rate control ----

  /** Whether receivers slow down when batches take longer than the batch interval. */
  public static final String BACKPRESSURE_ENABLED_KEY = "sluice.streaming.backpressure.enabled";
  public static final boolean BACKPRESSURE_ENABLED_DEFAULT = true;

  /** The lowest rate backpressure may set, records per second per receiver. */
  public static final String BACKPRESSURE_MIN_RATE_KEY = "sluice.streaming.backpressure.min.rate.per.second";
  public static final long BACKPRESSURE_MIN_RATE_DEFAULT = 100L;

  // ---- archive ----

  /** How long after an hour ends the archive waits before closing it with {@code _SUCCESS}. */
  public static final String ARCHIVE_ALLOWED_LATENESS_MS_KEY = "sluice.streaming.archive.allowed.lateness.ms";
  public static final long ARCHIVE_ALLOWED_LATENESS_MS_DEFAULT = 600_000L;

  // ---- driver ----

  /**
   * How many times an output of a batch runs before the batch goes on without it (the failure is
   * logged and counted); outputs are idempotent by batch time, so retries are safe.
   */
  public static final String OUTPUT_MAX_ATTEMPTS_KEY = "sluice.streaming.output.max.attempts";
  public static final int OUTPUT_MAX_ATTEMPTS_DEFAULT = 3;

  /** How many checkpoints the driver keeps in the checkpoint folder. */
  public static final String CHECKPOINT_KEEP_KEY = "sluice.streaming.checkpoint.keep";
  public static final int CHECKPOINT_KEEP_DEFAULT = 3;

  /** Whether a JVM shutdown (Ctrl-C, SIGTERM, YARN stopping the container) stops the context gracefully. */
  public static final String STOP_GRACEFULLY_ON_SHUTDOWN_KEY = "sluice.streaming.stop.graceful.on.shutdown";
  public static final boolean STOP_GRACEFULLY_ON_SHUTDOWN_DEFAULT = true;

  /** How long a graceful stop waits for received data to be processed before giving up. */
  public static final String STOP_TIMEOUT_MS_KEY = "sluice.streaming.stop.timeout.ms";
  public static final long STOP_TIMEOUT_MS_DEFAULT = 60_000L;

  private StreamingConfigKeys() {}
}
