package io.sluice.rdd.internal;

import io.sluice.rdd.Config;
import io.sluice.rdd.RddConfigKeys;

/** The in-process engine's configuration, parsed and validated once. */
record EngineSettings(int threads) {

  static EngineSettings from(Config config) {
    int threads = config.getInt(RddConfigKeys.ENGINE_THREADS_KEY, RddConfigKeys.ENGINE_THREADS_DEFAULT);
    if (threads < 0) {
      throw new IllegalArgumentException(RddConfigKeys.ENGINE_THREADS_KEY
          + ": must be >= 0 (0 = one per processor), got " + threads);
    }
    return new EngineSettings(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
  }
}
