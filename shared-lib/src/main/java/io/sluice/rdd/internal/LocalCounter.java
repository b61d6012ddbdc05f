package io.sluice.rdd.internal;

import io.sluice.rdd.Counter;

/** A task's own counter: a plain field, summed into the run when the task ends. */
final class LocalCounter implements Counter {

  long value;

  @Override
  public void increment(long delta) {
    value += delta;
  }
}
