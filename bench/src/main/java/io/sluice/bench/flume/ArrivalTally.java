package io.sluice.bench.flume;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Events arriving at a benchmark's receiving end: how many, the sum of their {@code seq} headers
 * (with the count, an exact check that each of 0..n-1 came once), and a histogram of arrival times
 * in 10 ms buckets from {@link #reset}, from which the steady rate between two cumulative counts is
 * read. Thread-safe; one static instance, as the counting code runs in engine tasks and sink
 * threads of the benchmark's JVM.
 */
public final class ArrivalTally {
  public static final ArrivalTally INSTANCE = new ArrivalTally();

  private static final int BUCKET_MS = 10;
  private static final int BUCKETS = 60_000; // 10 minutes

  private final LongAdder count = new LongAdder();
  private final LongAdder seqSum = new LongAdder();
  private volatile AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
  private volatile long originMs = System.currentTimeMillis();

  private ArrivalTally() {
  }

  public void reset() {
    count.reset();
    seqSum.reset();
    histogram = new AtomicLongArray(BUCKETS);
    originMs = System.currentTimeMillis();
  }

  /** {@code events} events arrived at {@code arrivalMs}; their {@code seq} headers sum to {@code seqs}. */
  public void add(long events, long seqs, long arrivalMs) {
    int bucket = (int) Math.max(0, Math.min(BUCKETS - 1, (arrivalMs - originMs) / BUCKET_MS));
    histogram.addAndGet(bucket, events);
    seqSum.add(seqs);
    count.add(events);
  }

  public long count() {
    return count.sum();
  }

  public long seqSum() {
    return seqSum.sum();
  }

  /**
   * Milliseconds from {@link #reset} to the end of the 10 ms bucket in which the count reached
   * {@code n}; -1 if it has not yet.
   */
  public long reachedMs(long n) {
    AtomicLongArray h = histogram;
    long cumulative = 0;
    for (int i = 0; i < BUCKETS; i++) {
      cumulative += h.get(i);
      if (cumulative >= n) {
        return (i + 1L) * BUCKET_MS;
      }
    }
    return -1;
  }
}
