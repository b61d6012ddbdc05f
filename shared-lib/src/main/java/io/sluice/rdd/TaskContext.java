package io.sluice.rdd;

import java.time.Clock;

/**
 * What a running function may know about its task, the same in every engine: configuration,
 * counters, which partition it is processing, and the time. Handed to {@link Fn#open}; keep it in
 * a transient field if you need it later. Valid for the task's lifetime and used from the task's
 * thread only. Engines never fake MapReduce or streaming types behind it.
 *
 * <pre>{@code
 * public void open(TaskContext context) {
 *   malformed = context.counter(context.operatorName() + ".malformed");
 *   limit = context.config().getInt("myapp.limit", 100);
 * }
 * }</pre>
 */
public interface TaskContext {

  /** The engine's configuration (in Hadoop engines, a view of the job's {@code Configuration}). */
  Config config();

  /**
   * The counter called {@code name}, created at zero on first use. Counts from every task of a run
   * are summed and reported with the action's result ({@link RunResult#counters()}). Fetch it once
   * in {@link Fn#open}; increments are cheap and need no synchronization.
   */
  Counter counter(String name);

  /** The name of the operator this function belongs to ({@link Rdd#named}); use it to name counters. */
  String operatorName();

  /** The index of the partition this operator is producing, from 0; -1 on the driver ({@link Action#merge}). */
  int partition();

  /** An id unique within the engine for this task attempt, for logs and temporary file names. */
  String taskId();

  /** The engine's clock; use it instead of {@code System.currentTimeMillis()} so tests can drive time. */
  Clock clock();
}
