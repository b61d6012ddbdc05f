package io.sluice.rdd.plan;

import io.sluice.rdd.Fn;

/**
 * How a {@link ShuffleNode} folds the values of one key into a combined value {@code C}: the three
 * functions of {@code combineByKey}, as one object with one lifecycle ({@link Fn}). An engine calls
 * {@link #create} for a key's first value in a task, {@link #add} for the following ones, and
 * {@link #merge} to join combined values from different tasks, any number of times in any order;
 * {@code merge} is associative and commutative. {@code add} and {@code merge} may mutate and return
 * their first argument. Built by {@link io.sluice.rdd.PairRdd}; engines only call it.
 */
public interface Combiner<V, C> extends Fn {

  C create(V value) throws Exception;

  C add(C combined, V value) throws Exception;

  C merge(C left, C right) throws Exception;

  /**
   * Whether combining before the shuffle shrinks the data. False for grouping, where a combined
   * value is as big as its inputs; an engine with a serialization cost (MapReduce) then skips the
   * combiner. Results are the same either way.
   */
  boolean mapSide();
}
