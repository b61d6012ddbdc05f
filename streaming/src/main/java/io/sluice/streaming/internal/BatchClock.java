package io.sluice.streaming.internal;

/**
 * The time the job generator, rate control and cleanup run on. The system clock in production; a
 * manual one in tests, which then decide when each batch happens.
 */
public interface BatchClock {

  long nowMillis();

  /** Blocks until the clock reads at least {@code timeMillis}; returns the time then. */
  long waitUntil(long timeMillis) throws InterruptedException;

  BatchClock SYSTEM = new BatchClock() {
    @Override
    public long nowMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public long waitUntil(long timeMillis) throws InterruptedException {
      long now;
      while ((now = System.currentTimeMillis()) < timeMillis) {
        Thread.sleep(Math.max(1, Math.min(timeMillis - now, 100)));
      }
      return now;
    }
  };
}
