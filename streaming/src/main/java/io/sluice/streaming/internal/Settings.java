package io.sluice.streaming.internal;

import org.apache.hadoop.conf.Configuration;

/** Reads numbers from a Configuration, failing with the key's name when a value is out of range. */
final class Settings {
  private Settings() {}

  static long positive(Configuration conf, String key, long defaultValue) {
    return atLeast(conf, key, defaultValue, 1);
  }

  static long atLeast(Configuration conf, String key, long defaultValue, long min) {
    long value;
    try {
      value = conf.getLong(key, defaultValue);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + conf.get(key) + "'");
    }
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
    }
    return value;
  }
}
