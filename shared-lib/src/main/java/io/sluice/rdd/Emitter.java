package io.sluice.rdd;

/**
 * Where a {@link FlatMapFn} puts its output. Valid only during the call it was passed to, and used
 * from that call's thread. Emitting {@code null} fails the task: datasets never hold null.
 */
@FunctionalInterface
public interface Emitter<T> {

  void emit(T value);
}
