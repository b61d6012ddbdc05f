package io.sluice.streaming.internal;

/**
 * Backpressure: after each batch, a new receive rate from how fast the batch was processed and how
 * far processing lags (a PID controller on the processing rate). The proportional term follows the
 * rate the last batch proved sustainable; the integral term drains the backlog that scheduling delay
 * shows; no derivative term (micro-batch timings are too noisy for one).
 *
 * <p>It only ever slows a receiver down once batches lag, and lets it speed up by a quarter per batch
 * while they comfortably keep up. A batch's time is not proportional to its records (writes and
 * checkpoints cost the same for ten records as for ten thousand), so at low rates records divided
 * by processing time understates what the job can take; following it there would ratchet the rate
 * down to the floor and starve a healthy stream.
 */
final class RateEstimator {
  private static final double PROPORTIONAL = 1.0;
  private static final double INTEGRAL = 0.2;

  private final long batchIntervalMillis;
  private final long minRate;
  private double latestRate = -1;

  RateEstimator(long batchIntervalMillis, long minRate) {
    this.batchIntervalMillis = batchIntervalMillis;
    this.minRate = minRate;
  }

  /**
   * @return the new rate in records per second, or -1 when the batch tells nothing (no records, or
   *     processed too fast to time)
   */
  long update(long records, long processingMillis, long schedulingDelayMillis) {
    if (records <= 0 || processingMillis <= 0) {
      return -1;
    }
    boolean keepingUp = schedulingDelayMillis <= 0 && processingMillis < 0.7 * batchIntervalMillis;
    if (keepingUp) {
      if (latestRate < 0) {
        return -1; // never limited: nothing to lift
      }
      latestRate = Math.max(latestRate, minRate) * 1.25;
      return (long) latestRate;
    }
    double processingRate = records * 1000.0 / processingMillis;
    if (latestRate < 0) {
      latestRate = processingRate;
    }
    double error = latestRate - processingRate;
    double backlog = schedulingDelayMillis * processingRate / batchIntervalMillis;
    double rate = latestRate - PROPORTIONAL * error - INTEGRAL * backlog;
    latestRate = Math.max(minRate, rate);
    return (long) latestRate;
  }
}
