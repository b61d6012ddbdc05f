package io.sluice.batch.internal;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a submitted job and logs its progress at INFO: one line when it starts, a map/reduce
 * percentage line at most every {@code intervalMs} and only when it changed, one line at the end.
 */
final class JobMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(JobMonitor.class);
  private static final long POLL_MS = 200;

  private final Job job;
  private final long intervalMs;

  JobMonitor(Job job, long intervalMs) {
    this.job = job;
    this.intervalMs = intervalMs;
  }

  /** Whether the job succeeded. */
  boolean await() throws IOException, InterruptedException {
    long started = System.nanoTime();
    LOG.info("Job {} '{}' submitted (tracking {})", job.getJobID(), job.getJobName(),
        job.getTrackingURL());
    int lastMap = -1;
    int lastReduce = -1;
    long lastLog = System.nanoTime();
    while (!job.isComplete()) {
      Thread.sleep(POLL_MS);
      long now = System.nanoTime();
      if ((now - lastLog) / 1_000_000 >= intervalMs) {
        int map = Math.round(job.mapProgress() * 100);
        int reduce = Math.round(job.reduceProgress() * 100);
        if (map != lastMap || reduce != lastReduce) {
          LOG.info("Job {}: map {}% reduce {}%", job.getJobID(), map, reduce);
          lastMap = map;
          lastReduce = reduce;
        }
        lastLog = now;
      }
    }
    boolean ok = job.isSuccessful();
    LOG.info("Job {} {} in {} ms (map {}%, reduce {}%)", job.getJobID(),
        ok ? "succeeded" : "FAILED", (System.nanoTime() - started) / 1_000_000,
        Math.round(job.mapProgress() * 100), Math.round(job.reduceProgress() * 100));
    return ok;
  }
}
