package io.sluice.streaming.internal.wal;

import static io.sluice.streaming.StreamingConfigKeys.WAL_ENABLED_DEFAULT;
import static io.sluice.streaming.StreamingConfigKeys.WAL_ENABLED_KEY;
import static io.sluice.streaming.StreamingConfigKeys.WAL_MAX_RECORD_BYTES_DEFAULT;
import static io.sluice.streaming.StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY;
import static io.sluice.streaming.StreamingConfigKeys.WAL_ROLL_INTERVAL_MS_DEFAULT;
import static io.sluice.streaming.StreamingConfigKeys.WAL_ROLL_INTERVAL_MS_KEY;

import java.time.Duration;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The write-ahead log's settings, parsed once from the {@code sluice.streaming.wal.*} keys and
 * validated: a bad value fails here, naming its key, rather than deep inside a receiver.
 *
 * <pre>{@code
 * WalSettings settings = WalSettings.from(conf);
 * }</pre>
 *
 * @param enabled whether receivers write their blocks to a WAL at all
 * @param rollInterval how long a segment receives records before the next one starts (positive)
 * @param maxRecordBytes the largest record accepted, 1 byte to {@value #MAX_RECORD_BYTES_LIMIT}
 */
public record WalSettings(boolean enabled, Duration rollInterval, int maxRecordBytes) {

  /** Records are read into one byte array each, and frames store their length as an int. */
  public static final int MAX_RECORD_BYTES_LIMIT = 1 << 30;

  public WalSettings {
    if (rollInterval == null || rollInterval.isNegative() || rollInterval.isZero()) {
      throw new IllegalArgumentException(
          WAL_ROLL_INTERVAL_MS_KEY + " must be a positive number of milliseconds, was "
              + (rollInterval == null ? null : rollInterval.toMillis()));
    }
    if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
      throw new IllegalArgumentException(WAL_MAX_RECORD_BYTES_KEY + " must be between 1 and "
          + MAX_RECORD_BYTES_LIMIT + " bytes, was " + maxRecordBytes);
    }
  }

  /** The documented defaults. */
  public static WalSettings defaults() {
    return new WalSettings(WAL_ENABLED_DEFAULT, Duration.ofMillis(WAL_ROLL_INTERVAL_MS_DEFAULT),
        WAL_MAX_RECORD_BYTES_DEFAULT);
  }

  /**
   * Reads the WAL keys of {@code conf}, the documented default for each one absent.
   *
   * @throws IllegalArgumentException naming the key of a value that is malformed or out of range
   */
  public static WalSettings from(Configuration conf) {
    return new WalSettings(
        parseBoolean(conf, WAL_ENABLED_KEY, WAL_ENABLED_DEFAULT),
        Duration.ofMillis(parseLong(conf, WAL_ROLL_INTERVAL_MS_KEY, WAL_ROLL_INTERVAL_MS_DEFAULT)),
        checkedMaxRecordBytes(parseLong(conf, WAL_MAX_RECORD_BYTES_KEY, WAL_MAX_RECORD_BYTES_DEFAULT)));
  }

  private static int checkedMaxRecordBytes(long value) {
    if (value < 1 || value > MAX_RECORD_BYTES_LIMIT) {
      throw new IllegalArgumentException(WAL_MAX_RECORD_BYTES_KEY + " must be between 1 and "
          + MAX_RECORD_BYTES_LIMIT + " bytes, was " + value);
    }
    return (int) value;
  }

  public WalSettings withRollInterval(Duration interval) {
    return new WalSettings(enabled, interval, maxRecordBytes);
  }

  public WalSettings withMaxRecordBytes(int bytes) {
    return new WalSettings(enabled, rollInterval, bytes);
  }

  // Configuration.getBoolean turns a typo ("ture") into the default without a word; a WAL
  // silently off loses data, so only true and false are accepted.
  private static boolean parseBoolean(Configuration conf, String key, boolean defaultValue) {
    String value = conf.getTrimmed(key);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          key + " must be true or false, was '" + value + "'");
    };
  }

  private static long parseLong(Configuration conf, String key, long defaultValue) {
    String value = conf.getTrimmed(key);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
    }
  }
}
