package io.sluice.rdd;

import io.sluice.rdd.internal.Actions;
import io.sluice.rdd.internal.NarrowFns;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.UnionNode;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A lazy, immutable, partitioned dataset: a description of how to compute elements of type
 * {@code T}, not the elements. Operators ({@link #map}, {@link #filter}, ...) return new Rdds that
 * extend the {@linkplain #plan() plan}; nothing runs until an <i>action</i> ({@link #collect},
 * {@link #count}, {@link #writeTo}, ...) hands the plan to the {@link Engine} this Rdd came from.
 * Each action runs the whole plan again; there is no caching.
 *
 * <p>Write shared logic as static functions from Rdd to Rdd; the same function then runs on a list
 * in a test, on every streaming micro-batch ({@code DStream.transform}) and in a MapReduce batch job:
 * <pre>{@code
 * public static Rdd<String> filterErrors(Rdd<String> lines) {
 *   return lines.filter(line -> line.contains(" ERROR ")).named("errors");
 * }
 * // in a test, on 4 partitions:
 * List<String> errors = filterErrors(engine.parallelize(lines, 4)).collect();
 * }</pre>
 *
 * <p><b>Where code runs.</b> Building an Rdd and calling actions happens on the driver (the
 * caller's thread: a test, the streaming driver in the YARN ApplicationMaster, a batch client).
 * Functions passed to operators run in tasks: one task per partition of each stage, on engine
 * threads in-process or in map and reduce tasks on MapReduce, each with its own deserialized copy
 * of every function. So functions must be serializable and must not share mutable state; see
 * {@link Fn} for the rules and the per-task lifecycle.
 *
 * <p><b>Nulls.</b> Datasets never hold {@code null}: a function that returns or emits null fails
 * the task with an {@link OperatorException} naming the operator. The key of a {@link Pair} is
 * never null either; values may be null (and are passed to your functions as they are).
 *
 * <p><b>Order and determinism.</b> Narrow operators keep element order within a partition and
 * partitions keep their order, so {@link #collect} of a narrow chain returns elements in source
 * order. After a shuffle, a partition's keys come in first-seen order. Given deterministic
 * functions, results (including their order) are the same on every run; {@link ReduceFn}s must
 * be associative and commutative so they may be applied in any grouping.
 *
 * <p><b>Names.</b> Every operator has a name, by default its kind ({@code "filter"}); give important
 * ones a stable name with {@link #named}. Names appear in errors and counters (each operator
 * counts its output as {@code <name>.records}), and later in the web UI and job names.
 *
 * <p>An Rdd is not serializable and must never be captured by a function. Rdds are immutable and
 * safe to share between threads.
 */
public sealed class Rdd<T> permits PairRdd {

  final Engine engine;
  final PlanNode plan;

  Rdd(Engine engine, PlanNode plan) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** The plan this dataset describes, for engines and for inspection ({@link PlanNode#explain()}). */
  public PlanNode plan() {
    return plan;
  }

  public Engine engine() {
    return engine;
  }

  /** The name of the operator that produced this dataset. */
  public String name() {
    return plan.name();
  }

  /**
   * The same dataset with its last operator renamed; use stable names, they label counters and
   * errors. {@code lines.filter(fn).named("errors")}
   */
  public Rdd<T> named(String name) {
    return new Rdd<>(engine, plan.withName(name));
  }

  // ---- narrow operators ------------------------------------------------------------------------

  /** One output element per element. {@code lines.map(String::length)} */
  public <R> Rdd<R> map(MapFn<? super T, ? extends R> fn) {
    return narrow("map", NarrowFns.map(fn));
  }

  /** Zero or more output elements per element, emitted through an {@link Emitter}. */
  public <R> Rdd<R> flatMap(FlatMapFn<? super T, R> fn) {
    return narrow("flatMap", NarrowFns.flatMap(fn));
  }

  /** The elements {@code fn} accepts. {@code lines.filter(l -> !l.isEmpty())} */
  public Rdd<T> filter(FilterFn<? super T> fn) {
    return narrow("filter", NarrowFns.filter(fn));
  }

  /** A whole partition at a time; {@code fn} must stream (see {@link PartitionFn}). */
  public <R> Rdd<R> mapPartitions(PartitionFn<T, R> fn) {
    return narrow("mapPartitions", Objects.requireNonNull(fn, "fn"));
  }

  /** Key/value pairs, one per element. {@code words.mapToPair(w -> Pair.of(w, 1L))} */
  public <K, V> PairRdd<K, V> mapToPair(PairFn<? super T, K, V> fn) {
    return new PairRdd<>(engine, node("mapToPair", NarrowFns.map(fn)));
  }

  /** Pairs of {@code fn(element)} and the element. {@code events.keyBy(Event::orderId)} */
  public <K> PairRdd<K, T> keyBy(MapFn<? super T, ? extends K> fn) {
    return new PairRdd<>(engine, node("keyBy", NarrowFns.map(NarrowFns.<T, K>keyBy(fn))));
  }

  /**
   * The elements of this dataset followed by those of {@code other} (duplicates kept); the
   * partitions of both, in order. Both must come from the same engine.
   */
  public Rdd<T> union(Rdd<T> other) {
    return new Rdd<>(engine, unionNode(other));
  }

  /**
   * A random subset: each element is kept with probability {@code fraction}, decided by a generator
   * seeded from {@code seed} and the partition, so a run is repeatable.
   */
  public Rdd<T> sample(double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be within [0, 1], got " + fraction);
    }
    return narrow("sample", NarrowFns.filter(NarrowFns.sample(fraction, seed)));
  }

  /**
   * Each distinct element once (by {@code equals}/{@code hashCode}); a shuffle with map-side
   * de-duplication. Elements must be valid keys (see {@link Pair}).
   */
  public Rdd<T> distinct() {
    return mapToPair(NarrowFns::<T>selfPair).reduceByKey(NarrowFns::<Boolean>first).named("distinct")
        .keys();
  }

  // ---- actions -------------------------------------------------------------------------------

  /** Runs {@code action} on the engine; the result carries the run's counters. */
  public <P, R> RunResult<R> run(Action<T, P, R> action) {
    return engine.run(plan, action);
  }

  /** All elements, in partition order. Holds the whole dataset in the caller's memory. */
  public List<T> collect() {
    return run(Actions.<T>collect()).value();
  }

  public long count() {
    return run(Actions.<T>count()).value();
  }

  /** The first {@code n} elements in partition order (each partition is read up to {@code n}). */
  public List<T> take(int n) {
    return run(Actions.<T>take(n)).value();
  }

  /** The first element; {@link NoSuchElementException} when the dataset is empty. */
  public T first() {
    List<T> first = take(1);
    if (first.isEmpty()) {
      throw new NoSuchElementException("dataset '" + name() + "' is empty");
    }
    return first.get(0);
  }

  /** All elements merged with an associative, commutative {@code fn}; empty for an empty dataset. */
  public Optional<T> reduce(ReduceFn<T> fn) {
    return run(Actions.reduce(fn)).value();
  }

  /**
   * Like {@link #reduce} but starting from {@code zero} in every partition and on the driver, so
   * {@code zero} must be neutral for {@code fn} (0 for sum). Each task gets its own copy of it.
   */
  public T fold(T zero, ReduceFn<T> fn) {
    return run(Actions.fold(zero, fn)).value();
  }

  /** Calls {@code fn} for each element, in the tasks (see {@link ForeachFn}). */
  public void foreach(ForeachFn<? super T> fn) {
    run(Actions.<T>foreach(fn));
  }

  /** Calls {@code fn} once per partition, in the task computing it. */
  public void foreachPartition(ForeachPartitionFn<T> fn) {
    run(Actions.foreachPartition(fn));
  }

  /** The {@code n} largest elements by {@code order}, largest first. */
  public List<T> top(int n, CompareFn<? super T> order) {
    return run(Actions.<T>top(n, order)).value();
  }

  /** The {@code n} smallest elements by {@code order}, smallest first. */
  public List<T> takeOrdered(int n, CompareFn<? super T> order) {
    return run(Actions.<T>top(n, reverse(order))).value();
  }

  /** Writes every element to {@code sink} (see {@link Sink} for the commit protocol). */
  public Counters writeTo(Sink<? super T> sink) {
    return run(Actions.<T>write(sink)).counters();
  }

  @Override
  public String toString() {
    return "Rdd " + plan.explain();
  }

  // ---- plumbing shared with PairRdd ---------------------------------------------------------

  final <R> Rdd<R> narrow(String kind, PartitionFn<?, ?> fn) {
    return new Rdd<>(engine, node(kind, fn));
  }

  final NarrowNode node(String kind, PartitionFn<?, ?> fn) {
    return new NarrowNode(kind, kind, plan, fn);
  }

  final UnionNode unionNode(Rdd<?> other) {
    if (other.engine != engine) {
      throw new IllegalArgumentException("cannot combine datasets of two engines");
    }
    return new UnionNode("union", List.of(plan, other.plan));
  }

  private static <T> CompareFn<T> reverse(CompareFn<? super T> order) {
    Objects.requireNonNull(order, "order");
    return (a, b) -> order.compare(b, a);
  }
}
