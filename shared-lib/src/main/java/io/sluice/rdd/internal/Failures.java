package io.sluice.rdd.internal;

import io.sluice.rdd.OperatorException;

/** The one place that turns whatever user code threw into an {@link OperatorException}. */
final class Failures {

  private Failures() {
  }

  /**
   * Attributes {@code failure} to {@code operator}, unless an upstream operator already claimed it:
   * in a fused chain, an exception from a parent passes through every child's code on its way out.
   */
  static RuntimeException attribute(String operator, int partition, Throwable failure) {
    if (failure instanceof OperatorException e) {
      return e;
    }
    Throwable cause = failure instanceof UserException ? failure.getCause() : failure;
    return new OperatorException(operator, partition, cause);
  }

  /** Whether a throwable from user code should be attributed rather than left alone (OOM etc.). */
  static boolean isUserFailure(Throwable t) {
    return t instanceof Exception || t instanceof LinkageError || t instanceof AssertionError;
  }
}
