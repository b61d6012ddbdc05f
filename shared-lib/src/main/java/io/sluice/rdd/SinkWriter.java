package io.sluice.rdd;

/**
 * Writes one partition for a {@link Sink}: {@link #write} for each element, then exactly one of
 * {@link #commit()} or {@link #abort}. Used from the task's thread only.
 */
public interface SinkWriter<T> {

  void write(T value) throws Exception;

  /** The partition is complete: flush and make it durable (or ready for {@link Sink#commitJob()}). */
  void commit() throws Exception;

  /** The task failed; discard what this writer wrote if possible. Must not throw. */
  default void abort(Throwable cause) {
  }
}
