package io.sluice.streaming.internal;

/** What a streaming context shows over JMX, as {@code io.sluice:type=Streaming,name=<app>}. */
public interface StreamingMetricsMXBean {
  long getBatchesCompleted();

  long getBatchesWithFailedOutputs();

  long getRecordsProcessed();

  long getLastBatchTime();

  long getLastProcessingTimeMillis();

  long getLastSchedulingDelayMillis();

  long getLastBatchRecords();
}
