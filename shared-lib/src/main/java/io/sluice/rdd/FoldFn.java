package io.sluice.rdd;

/**
 * Adds one value to an accumulator and returns the new accumulator ({@link PairRdd#aggregateByKey},
 * {@link PairRdd#combineByKey}). It may mutate and return {@code accumulator}, never {@code value}.
 * Lifecycle and serializability: {@link Fn}.
 */
@FunctionalInterface
public interface FoldFn<A, T> extends Fn {

  A apply(A accumulator, T value) throws Exception;
}
