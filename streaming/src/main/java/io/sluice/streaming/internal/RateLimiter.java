package io.sluice.streaming.internal;

/**
 * Limits a receiver to the lower of a hard maximum and the rate backpressure last set. A token
 * bucket holding at most one second of permits; unlimited costs one volatile read per call.
 */
public final class RateLimiter {
  private final long maxRate;
  private volatile long rate;
  private double permits;
  private long lastRefillNanos = System.nanoTime();

  /** @param maxRate records per second, 0 for no hard limit */
  public RateLimiter(long maxRate) {
    this.maxRate = maxRate;
    this.rate = maxRate;
  }

  /** The rate in force, records per second; 0 means unlimited. */
  public long rate() {
    return rate;
  }

  /** Sets the backpressure rate; never above the hard maximum. */
  public void setRate(long newRate) {
    rate = maxRate > 0 ? Math.min(maxRate, Math.max(1, newRate)) : Math.max(1, newRate);
  }

  /** Blocks until {@code count} records may pass. */
  public void acquire(int count) throws InterruptedException {
    long current = rate;
    if (current <= 0) {
      return;
    }
    synchronized (this) {
      refill(current);
      permits -= count;
      if (permits < 0) {
        long waitNanos = (long) (-permits * 1e9 / current);
        long deadline = System.nanoTime() + waitNanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
          wait(Math.max(1, left / 1_000_000), 0);
        }
      }
    }
  }

  private void refill(long current) {
    long now = System.nanoTime();
    permits = Math.min(current, permits + (now - lastRefillNanos) * current / 1e9);
    lastRefillNanos = now;
  }
}
