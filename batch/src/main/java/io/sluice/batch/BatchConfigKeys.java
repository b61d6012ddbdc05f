package io.sluice.batch;

/**
 * Configuration keys of the batch layer, each documented with the same default in
 * {@code conf/sluice-default.xml}. Read once per run into validated settings; a bad value fails
 * the run before any job is submitted, naming the key.
 */
public final class BatchConfigKeys {

  /**
   * Folder (on the default file system) under which each run keeps its job specs, intermediate
   * shuffle files and action results, in {@code <dir>/<user>/<run id>}; deleted when the run ends.
   */
  public static final String WORK_DIR_KEY = "sluice.batch.work.dir";
  public static final String WORK_DIR_DEFAULT = "/tmp/sluice-batch";

  /** Keep a run's work folder after it ends, for debugging. */
  public static final String KEEP_WORK_DIR_KEY = "sluice.batch.keep.work.dir";
  public static final boolean KEEP_WORK_DIR_DEFAULT = false;

  /**
   * Skip corrupt input files (truncated Avro, bad Parquet footer) and count them as
   * {@code <source>.corrupt-files} instead of failing the job.
   */
  public static final String SKIP_CORRUPT_INPUT_KEY = "sluice.batch.input.skip.corrupt";
  public static final boolean SKIP_CORRUPT_INPUT_DEFAULT = false;

  /** Distinct keys a map task combines in memory before it flushes them to the shuffle. */
  public static final String COMBINE_MAX_KEYS_KEY = "sluice.batch.combine.max.keys";
  public static final int COMBINE_MAX_KEYS_DEFAULT = 100_000;

  /** Reduce tasks of a shuffle without an explicit partition count; 0: as many as its parent has partitions. */
  public static final String REDUCERS_KEY = "sluice.batch.reducers";
  public static final int REDUCERS_DEFAULT = 0;

  /** How often a running job's map and reduce progress is logged (at most; only when it changed). */
  public static final String PROGRESS_INTERVAL_MS_KEY = "sluice.batch.progress.interval.ms";
  public static final long PROGRESS_INTERVAL_MS_DEFAULT = 5_000L;

  /** Attempts per map or reduce task before the job fails (MapReduce retries a failed attempt). */
  public static final String TASK_ATTEMPTS_KEY = "sluice.batch.task.attempts";
  public static final int TASK_ATTEMPTS_DEFAULT = 2;

  /**
   * On YARN, ship the non-Hadoop jars of the client's classpath with each job ({@code tmpjars}), so
   * tasks find Sluice, user code, Avro, Parquet and HBase classes. Turn off when the cluster's
   * classpath already has them.
   */
  public static final String SHIP_CLASSPATH_KEY = "sluice.batch.ship.classpath";
  public static final boolean SHIP_CLASSPATH_DEFAULT = true;

  private BatchConfigKeys() {
  }
}
