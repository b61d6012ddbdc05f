package io.sluice.streaming.internal;

import io.sluice.streaming.BatchInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Recent batches and running totals of one driver, for the web UI, JMX ({@link
 * StreamingMetricsMXBean}) and the {@code status} command. Written by the job thread, read by any.
 */
public final class StreamingMetrics implements StreamingMetricsMXBean {
  private static final int KEPT = 1000;
  private final Deque<BatchInfo> recent = new ArrayDeque<>();
  private long batchesCompleted;
  private long batchesFailed;
  private long recordsProcessed;

  synchronized void batchCompleted(BatchInfo batch) {
    recent.addLast(batch);
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
    batchesCompleted++;
    if (batch.failedOutputs() > 0) {
      batchesFailed++;
    }
    recordsProcessed += batch.records();
  }

  /** The last completed batches, oldest first (at most 1000). */
  public synchronized List<BatchInfo> recentBatches() {
    return new ArrayList<>(recent);
  }

  @Override
  public synchronized long getBatchesCompleted() {
    return batchesCompleted;
  }

  @Override
  public synchronized long getBatchesWithFailedOutputs() {
    return batchesFailed;
  }

  @Override
  public synchronized long getRecordsProcessed() {
    return recordsProcessed;
  }

  @Override
  public synchronized long getLastBatchTime() {
    return recent.isEmpty() ? -1 : recent.getLast().batchTimeMillis();
  }

  @Override
  public synchronized long getLastProcessingTimeMillis() {
    return recent.isEmpty() ? -1 : recent.getLast().processingTimeMillis();
  }

  @Override
  public synchronized long getLastSchedulingDelayMillis() {
    return recent.isEmpty() ? -1 : recent.getLast().schedulingDelayMillis();
  }

  @Override
  public synchronized long getLastBatchRecords() {
    return recent.isEmpty() ? 0 : recent.getLast().records();
  }
}
