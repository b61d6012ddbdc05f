package io.sluice.rdd;

import io.sluice.rdd.internal.Actions;
import java.util.Iterator;
import java.util.List;

/**
 * What an action computes, split into a per-partition part and a driver-side merge, so that any
 * engine can run it: {@link #partition} runs in each task of the last stage (serialized there like
 * a function, see {@link Fn}), {@link #merge} on the caller's thread (this object itself, not a
 * copy) with the partition results in partition order. Rdd's own actions ({@link Rdd#count}, {@link Rdd#collect}, ...) are built on
 * this; implement it for custom actions and run it with {@link Rdd#run}. Partition results must be
 * serializable for distributed engines; {@code null} is allowed. Use {@link #count()} and
 * {@link #collect()} with {@link Rdd#run} when you need the run's counters too.
 *
 * <pre>{@code
 * RunResult<Long> errors = LogFunctions.filterErrors(lines).run(Action.count());
 * long malformed = errors.counters().get("filter-errors.malformed");
 * }</pre>
 */
public interface Action<T, P, R> extends java.io.Serializable {

  /** Counts the elements ({@link Rdd#count()}). */
  static <T> Action<T, ?, Long> count() {
    return Actions.count();
  }

  /** All elements in partition order ({@link Rdd#collect()}). */
  static <T> Action<T, ?, List<T>> collect() {
    return Actions.collect();
  }

  /** The action's name for errors and counters, like {@code "count"}. */
  String name();

  /** Consumes one partition; runs in the task. */
  P partition(TaskContext context, Iterator<T> elements) throws Exception;

  /**
   * Combines the partition results; runs on the driver after every partition succeeded. Functions
   * used here must be opened with {@code context} (partition -1) and closed, like in a task.
   */
  R merge(TaskContext context, List<P> partitionResults) throws Exception;

  /** Called on the driver when the run failed, before the exception reaches the caller. */
  default void abort(Throwable cause) {
  }
}
