package io.sluice.rdd;

import java.util.Iterator;

/**
 * A side effect per partition ({@link Rdd#foreachPartition}), run in the task that computes the
 * partition; useful to batch writes to an external system. Lifecycle and serializability: {@link Fn}.
 */
@FunctionalInterface
public interface ForeachPartitionFn<T> extends Fn {

  void accept(Iterator<T> partition) throws Exception;
}
