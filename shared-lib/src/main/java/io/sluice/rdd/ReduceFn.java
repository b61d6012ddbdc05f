package io.sluice.rdd;

/**
 * Merges two values into one. <b>Must be associative and commutative</b>: the type is the marker
 * that lets an engine pre-combine on the map side (in-process: per task; MapReduce: as the job's
 * combiner), merge partial results in any grouping and order, and apply it zero or more times per
 * key. {@code (a, b) -> a + b}, max, set union are fine; {@code (a, b) -> a - b} or "keep the
 * first" are not (their result would depend on partitioning). It may mutate and return its first
 * argument, never the second. Lifecycle and serializability: {@link Fn}.
 *
 * <pre>{@code
 * PairRdd<String, Long> counts = ones.reduceByKey(Long::sum);
 * }</pre>
 */
@FunctionalInterface
public interface ReduceFn<T> extends FoldFn<T, T> {
}
