package io.sluice.streaming;

import java.util.Map;

/**
 * One batch as the driver saw it.
 *
 * @param batchTimeMillis the batch's time (end of its interval)
 * @param records records in the batch, all input streams together
 * @param recordsPerStream records per input stream name
 * @param submittedAtMillis when the batch was queued
 * @param schedulingDelayMillis how long it waited for earlier batches, -1 until it started
 * @param processingTimeMillis how long its outputs ran, -1 until it completed
 * @param failedOutputs outputs that failed for good in this batch (0 when all succeeded)
 * @param recovered whether the batch was re-run from the write-ahead log after a restart
 */
public record BatchInfo(
    long batchTimeMillis,
    long records,
    Map<String, Long> recordsPerStream,
    long submittedAtMillis,
    long schedulingDelayMillis,
    long processingTimeMillis,
    int failedOutputs,
    boolean recovered) {

  /** Scheduling delay plus processing time, -1 until completed. */
  public long totalDelayMillis() {
    return processingTimeMillis < 0 ? -1 : schedulingDelayMillis + processingTimeMillis;
  }
}
