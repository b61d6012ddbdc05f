package io.sluice.rdd;

/**
 * Keeps the elements it returns {@code true} for ({@link Rdd#filter}). Lifecycle and
 * serializability: {@link Fn}.
 */
@FunctionalInterface
public interface FilterFn<T> extends Fn {

  boolean test(T value) throws Exception;
}
