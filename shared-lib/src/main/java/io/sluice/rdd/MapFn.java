package io.sluice.rdd;

/**
 * One element in, one element out ({@link Rdd#map}, {@link PairRdd#mapValues}, {@link Rdd#keyBy}).
 * Must not return {@code null} when its result becomes an element (see {@link Rdd} for null rules).
 * Lifecycle and serializability: {@link Fn}.
 */
@FunctionalInterface
public interface MapFn<T, R> extends Fn {

  R apply(T value) throws Exception;
}
