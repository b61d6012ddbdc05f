package io.sluice.rdd;

/**
 * A named count kept by a task ({@link TaskContext#counter}); summed over all tasks of a run.
 * Not thread-safe: use it from the task's thread only.
 */
public interface Counter {

  void increment(long delta);

  default void increment() {
    increment(1);
  }
}
