package io.sluice.rdd;

/**
 * A user function, source, sink or action failed while an action ran. The message names the
 * operator ({@link Rdd#named}) and the partition; {@link #getCause()} is what the function threw.
 * Thrown from the action on the caller's thread.
 */
public class OperatorException extends RuntimeException {

  private final String operator;
  private final int partition;

  /** {@code partition} is -1 when the failure happened on the driver rather than in a task. */
  public OperatorException(String operator, int partition, Throwable cause) {
    super("operator '" + operator + "' failed "
        + (partition < 0 ? "on the driver" : "in partition " + partition) + ": " + cause, cause);
    this.operator = operator;
    this.partition = partition;
  }

  public String operator() {
    return operator;
  }

  /** The partition that failed, or -1 for a failure on the driver. */
  public int partition() {
    return partition;
  }
}
