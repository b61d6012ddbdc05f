package io.sluice.rdd;

import java.util.Iterator;

/**
 * Turns one partition's elements into output elements ({@link Rdd#mapPartitions}); every narrow
 * operator of the plan has this shape. Pull from {@code input} lazily and return a lazy iterator:
 * the engine streams a partition through a fused chain of these, so materializing the input
 * defeats the point and costs memory. The returned iterator is used from the task's thread only
 * and must not yield {@code null}. Lifecycle and serializability: {@link Fn}.
 */
@FunctionalInterface
public interface PartitionFn<T, R> extends Fn {

  Iterator<R> apply(Iterator<T> input) throws Exception;
}
