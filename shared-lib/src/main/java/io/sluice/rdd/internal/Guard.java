package io.sluice.rdd.internal;

import java.util.Iterator;

/**
 * Wraps the output of every operator in a task: attributes failures to the operator, enforces
 * "no nulls" and counts records. The one layer the engine adds per operator, so it stays tiny.
 */
final class Guard implements Iterator<Object> {

  private final Iterator<?> in;
  private final String operator;
  private final int partition;
  private final LocalCounter records;

  Guard(Iterator<?> in, String operator, int partition, LocalCounter records) {
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
    records.value++;
    return value;
  }
}
