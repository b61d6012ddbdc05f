package io.sluice.batch.internal;

import static io.sluice.batch.BatchConfigKeys.*;

import io.sluice.rdd.Config;
import org.apache.hadoop.conf.Configuration;

/**
 * The batch layer's settings, parsed and checked once from a configuration; a bad value fails
 * naming its key.
 */
public record BatchSettings(String workDir, boolean keepWorkDir, boolean skipCorruptInput,
    int combineMaxKeys, int reducers, long progressIntervalMs, int taskAttempts,
    boolean shipClasspath) {

  public static BatchSettings from(Configuration conf) {
    return from((Config) conf::get);
  }

  public static BatchSettings from(Config config) {
    BatchSettings s = new BatchSettings(
        config.get(WORK_DIR_KEY, WORK_DIR_DEFAULT),
        config.getBoolean(KEEP_WORK_DIR_KEY, KEEP_WORK_DIR_DEFAULT),
        config.getBoolean(SKIP_CORRUPT_INPUT_KEY, SKIP_CORRUPT_INPUT_DEFAULT),
        config.getInt(COMBINE_MAX_KEYS_KEY, COMBINE_MAX_KEYS_DEFAULT),
        config.getInt(REDUCERS_KEY, REDUCERS_DEFAULT),
        config.getLong(PROGRESS_INTERVAL_MS_KEY, PROGRESS_INTERVAL_MS_DEFAULT),
        config.getInt(TASK_ATTEMPTS_KEY, TASK_ATTEMPTS_DEFAULT),
        config.getBoolean(SHIP_CLASSPATH_KEY, SHIP_CLASSPATH_DEFAULT));
    require(!s.workDir.isBlank(), WORK_DIR_KEY, "a folder", s.workDir);
    require(s.combineMaxKeys >= 1, COMBINE_MAX_KEYS_KEY, "at least 1", s.combineMaxKeys);
    require(s.reducers >= 0, REDUCERS_KEY, "0 or more", s.reducers);
    require(s.progressIntervalMs >= 0, PROGRESS_INTERVAL_MS_KEY, "0 or more", s.progressIntervalMs);
    require(s.taskAttempts >= 1, TASK_ATTEMPTS_KEY, "at least 1", s.taskAttempts);
    return s;
  }

  private static void require(boolean ok, String key, String expected, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(key + ": expected " + expected + ", got '" + value + "'");
    }
  }
}
