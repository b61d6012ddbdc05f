package io.sluice.streaming;

import io.sluice.rdd.Rdd;

/**
 * What {@link DStream#foreachRdd} does with each batch: runs on the driver once per batch, in batch
 * order, with the batch's dataset and time. Run actions on the dataset here (they run on the
 * engine); make writes idempotent by batch time, since a batch is run again after recovery.
 */
@FunctionalInterface
public interface OutputFn<T> {
  void apply(Rdd<T> rdd, long batchTimeMillis) throws Exception;
}
