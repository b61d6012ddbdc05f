package io.sluice.streaming;

/**
 * Hears what the driver does, on the driver's scheduler thread: keep each method short and never
 * block in it. Used by the web UI, JMX, benchmarks and tests.
 */
public interface StreamingListener {

  /** A batch was generated and queued (its blocks are allocated). */
  default void onBatchSubmitted(BatchInfo batch) {}

  /** A batch finished (all its outputs ran, or failed for good). */
  default void onBatchCompleted(BatchInfo batch) {}

  /** The context stopped. */
  default void onStopped() {}
}
