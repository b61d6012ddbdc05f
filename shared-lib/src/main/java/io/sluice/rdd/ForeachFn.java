package io.sluice.rdd;

/**
 * A side effect per element ({@link Rdd#foreach}), run in the tasks, not on the caller's thread.
 * Results written to captured objects are lost (each task has its own copy; see {@link Fn});
 * write to external systems through {@link #open}-created clients, or use a {@link Sink}.
 */
@FunctionalInterface
public interface ForeachFn<T> extends Fn {

  void accept(T value) throws Exception;
}
