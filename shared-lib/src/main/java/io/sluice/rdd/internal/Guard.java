package io.sluice.rdd.internal;

import java.util.Iterator;
import java.util.concurrent.CancellationException;

/**
 * Wraps the output of every operator in a task: attributes failures to the operator, enforces
 * "no nulls", counts records, and every 4096 records stops the task if its run already failed
 * (interrupts do not stop CPU-bound user code). The one layer the engine adds per operator, so it
 * stays tiny.
 */
final class Guard implements Iterator<Object> {

  private final Iterator<?> in;
  private final String operator;
  private final int partition;
  private final LocalCounter records;
  private final Run<?> run;

  Guard(Run<?> run, Iterator<?> in, String operator, int partition, LocalCounter records) {
    this.run = run;
    this.in = in;
    this.operator = operator;
    this.partition = partition;
    this.records = records;
  }

  @Override
  public boolean hasNext() {
    try {
      return in.hasNext();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      throw Failures.attribute(operator, partition, e);
    }
  }

  @Override
  public Object next() {
    Object value;
    try {
      value = in.next();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      throw Failures.attribute(operator, partition, e);
    }
    if (value == null) {
      throw Failures.attribute(operator, partition,
          new NullPointerException("produced a null element; datasets never hold null"));
    }
    if ((++records.value & 0xFFF) == 0 && run.failed()) {
      throw new CancellationException("run failed elsewhere; stopping task of '" + operator + "'");
    }
    return value;
  }
}
