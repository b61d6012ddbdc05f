package io.sluice.streaming.internal;

import static io.sluice.streaming.StreamingConfigKeys.*;

import io.sluice.streaming.internal.wal.WalSettings;
import org.apache.hadoop.conf.Configuration;

/**
 * A receiver supervisor's settings, parsed once and validated: a bad value names its key. {@code
 * maxStoredBlockBytes} is the largest block the write-ahead log takes (its record limit), or
 * unlimited without one.
 */
public record ReceiverSettings(
    long blockIntervalMs,
    int blockMaxBytes,
    long maxRate,
    int maxRecordBytes,
    long restartBackoffInitialMs,
    long restartBackoffMaxMs,
    int maxStoredBlockBytes) {

  public static ReceiverSettings from(Configuration conf) {
    return new ReceiverSettings(
        Settings.positive(conf, BLOCK_INTERVAL_MS_KEY, BLOCK_INTERVAL_MS_DEFAULT),
        (int) Math.min(Integer.MAX_VALUE / 2,
            Settings.positive(conf, BLOCK_MAX_BYTES_KEY, BLOCK_MAX_BYTES_DEFAULT)),
        Settings.atLeast(conf, RECEIVER_MAX_RATE_KEY, RECEIVER_MAX_RATE_DEFAULT, 0),
        (int) Settings.positive(conf, RECEIVER_MAX_RECORD_BYTES_KEY, RECEIVER_MAX_RECORD_BYTES_DEFAULT),
        Settings.positive(conf, RECEIVER_RESTART_BACKOFF_INITIAL_MS_KEY,
            RECEIVER_RESTART_BACKOFF_INITIAL_MS_DEFAULT),
        Settings.positive(conf, RECEIVER_RESTART_BACKOFF_MAX_MS_KEY,
            RECEIVER_RESTART_BACKOFF_MAX_MS_DEFAULT),
        maxStoredBlockBytes(WalSettings.from(conf)));
  }

  private static int maxStoredBlockBytes(WalSettings wal) {
    return wal.enabled() ? wal.maxRecordBytes() : Integer.MAX_VALUE - 8; // the largest array
  }
}
