package io.sluice.streaming.internal;

/** A clock that moves only when told to; for tests that drive batches one by one. */
public final class ManualBatchClock implements BatchClock {
  private long now;

  public ManualBatchClock(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public synchronized long waitUntil(long timeMillis) throws InterruptedException {
    while (now < timeMillis) {
      wait();
    }
    return now;
  }

  public synchronized void advance(long millis) {
    now += millis;
    notifyAll();
  }

  public synchronized void set(long millis) {
    now = millis;
    notifyAll();
  }
}
