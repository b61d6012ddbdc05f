package io.sluice.rdd;

/**
 * Configuration keys of shared-lib, each documented with the same default in
 * {@code conf/sluice-default.xml}.
 */
public final class RddConfigKeys {

  /** Threads of the in-process engine's pool; 0 means one per available processor. */
  public static final String ENGINE_THREADS_KEY = "sluice.engine.threads";
  public static final int ENGINE_THREADS_DEFAULT = 0;

  private RddConfigKeys() {
  }
}
