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
  public static final long WAL_ROLL_INTERVAL_MS_DEFAULT = 60_000L;

  /** Largest WAL record accepted, in bytes; a larger write fails with a clear error. */
  public static final String WAL_MAX_RECORD_BYTES_KEY = "sluice.streaming.wal.max.record.bytes";
  public static final int WAL_MAX_RECORD_BYTES_DEFAULT = 64 * 1024 * 1024;

  private StreamingConfigKeys() {}
}
