package io.sluice.rdd;

/**
 * Makes a fresh value, e.g. the empty accumulator of {@link PairRdd#aggregateByKey}, called once
 * per key and task so accumulators can be mutable. Lifecycle and serializability: {@link Fn}.
 */
@FunctionalInterface
public interface SupplierFn<T> extends Fn {

  T get() throws Exception;
}
