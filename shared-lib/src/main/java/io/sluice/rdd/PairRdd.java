package io.sluice.rdd;

import io.sluice.rdd.internal.Combiners;
import io.sluice.rdd.internal.NarrowFns;
import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.Combiner;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import io.sluice.rdd.plan.SortNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset of key/value {@link Pair}s, with the keyed operators. Everything {@link Rdd} says holds
 * here; in addition, keys are grouped by {@code equals} and partitioned by {@code hashCode} (see
 * {@link Pair} for what makes a good key).
 *
 * <p>Keyed aggregations are <b>shuffles</b>: they end a stage, and the engine redistributes pairs by
 * key. {@link #reduceByKey}, {@link #aggregateByKey}, {@link #combineByKey} and the count helpers
 * combine values per key before the shuffle (map side), so only one value per key and task moves;
 * {@link #groupByKey} and the joins move every value. Shuffle operators take an optional partition
 * count; without it the result has as many partitions as the (largest) parent.
 *
 * <pre>{@code
 * PairRdd<String, Long> errorsPerLogger = LogFunctions.filterErrors(lines)
 *     .mapToPair(line -> Pair.of(LogLine.parse(line).logger(), 1L))
 *     .reduceByKey(Long::sum)
 *     .named("errors-per-logger");
 * }</pre>
 */
public final class PairRdd<K, V> extends Rdd<Pair<K, V>> {

  PairRdd(Engine engine, PlanNode plan) {
    super(engine, plan);
  }

  /** Views a dataset of pairs as a PairRdd. */
  public static <K, V> PairRdd<K, V> of(Rdd<Pair<K, V>> pairs) {
    return pairs instanceof PairRdd<K, V> p ? p : new PairRdd<>(pairs.engine, pairs.plan);
  }

  @Override
  public PairRdd<K, V> named(String name) {
    return new PairRdd<>(engine, plan.withName(name));
  }

  @Override
  public PairRdd<K, V> filter(FilterFn<? super Pair<K, V>> fn) {
    return of(super.filter(fn));
  }

  @Override
  public PairRdd<K, V> union(Rdd<Pair<K, V>> other) {
    return new PairRdd<>(engine, unionNode(other));
  }

  @Override
  public PairRdd<K, V> sample(double fraction, long seed) {
    return of(super.sample(fraction, seed));
  }

  @Override
  public PairRdd<K, V> distinct() {
    return of(super.distinct());
  }

  // ---- narrow ----------------------------------------------------------------------------------

  public Rdd<K> keys() {
    return map(Pair::key).named("keys");
  }

  /** The values; fails (naming the operator) if one is null, as datasets never hold null. */
  public Rdd<V> values() {
    return map(Pair::value).named("values");
  }

  /** Transforms values, keeping keys (and partitioning). {@code counts.mapValues(n -> n * 2)} */
  public <W> PairRdd<K, W> mapValues(MapFn<? super V, ? extends W> fn) {
    return new PairRdd<>(engine, node("mapValues", NarrowFns.map(NarrowFns.<K, V, W>mapValues(fn))));
  }

  /** Zero or more values per value, each paired with the original key. */
  public <W> PairRdd<K, W> flatMapValues(FlatMapFn<? super V, W> fn) {
    return new PairRdd<>(engine,
        node("flatMapValues", NarrowFns.flatMap(NarrowFns.<K, V, W>flatMapValues(fn))));
  }

  // ---- shuffles --------------------------------------------------------------------------------

  /** One pair per key, its values merged by an associative, commutative {@code fn}; combined map-side. */
  public PairRdd<K, V> reduceByKey(ReduceFn<V> fn) {
    return reduceByKey(fn, 0);
  }

  public PairRdd<K, V> reduceByKey(ReduceFn<V> fn, int partitions) {
    return shuffle("reduceByKey", Combiners.reduce(fn), partitions);
  }

  /**
   * One pair per key: values folded into an accumulator made by {@code zero} (called once per key
   * and task, so the accumulator may be mutable) with {@code add}; accumulators from different
   * tasks merged by an associative, commutative {@code merge}. Combined map-side.
   * {@code pairs.aggregateByKey(() -> new long[1], (acc, v) -> { acc[0] += v; return acc; },
   * (a, b) -> { a[0] += b[0]; return a; })}
   */
  public <U> PairRdd<K, U> aggregateByKey(SupplierFn<U> zero, FoldFn<U, ? super V> add,
      ReduceFn<U> merge) {
    return aggregateByKey(zero, add, merge, 0);
  }

  public <U> PairRdd<K, U> aggregateByKey(SupplierFn<U> zero, FoldFn<U, ? super V> add,
      ReduceFn<U> merge, int partitions) {
    return shuffle("aggregateByKey", Combiners.aggregate(zero, add, merge), partitions);
  }

  /**
   * The general form: {@code create} makes a key's combined value from its first value in a task,
   * {@code add} adds further values, {@code merge} (associative, commutative) joins combined values.
   */
  public <C> PairRdd<K, C> combineByKey(MapFn<? super V, C> create, FoldFn<C, ? super V> add,
      ReduceFn<C> merge) {
    return combineByKey(create, add, merge, 0);
  }

  public <C> PairRdd<K, C> combineByKey(MapFn<? super V, C> create, FoldFn<C, ? super V> add,
      ReduceFn<C> merge, int partitions) {
    return shuffle("combineByKey", Combiners.combine(create, add, merge), partitions);
  }

  /**
   * One pair per key with all its values, in input order per task. Moves every value; prefer
   * {@link #reduceByKey} or {@link #aggregateByKey} when a summary is enough. The lists are shared
   * with later operators: do not mutate them.
   */
  public PairRdd<K, List<V>> groupByKey() {
    return groupByKey(0);
  }

  public PairRdd<K, List<V>> groupByKey(int partitions) {
    return shuffle("groupByKey", Combiners.<V>group(), partitions);
  }

  /** The dataset sorted by key in natural order, range-partitioned; keys must be {@link Comparable}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public PairRdd<K, V> sortByKey() {
    return sortByKey((CompareFn) CompareFn.natural(), 0);
  }

  /**
   * The dataset sorted by key with {@code order} into {@code partitions} range partitions (0: as
   * many as this one); collecting it yields all pairs in order.
   */
  public PairRdd<K, V> sortByKey(CompareFn<? super K> order, int partitions) {
    return new PairRdd<>(engine, new SortNode("sortByKey", plan, order, partitions));
  }

  /**
   * For each key in either dataset, its values in this one and in {@code other} (either list may be
   * empty).
   */
  public <W> PairRdd<K, Pair<List<V>, List<W>>> cogroup(PairRdd<K, W> other) {
    return cogroupWith(other, "cogroup", NarrowFns.<K, V, W>cogrouped());
  }

  /** Inner join: a pair per key and combination of a value here and a value in {@code other}. */
  public <W> PairRdd<K, Pair<V, W>> join(PairRdd<K, W> other) {
    return cogroupWith(other, "join", NarrowFns.<K, V, W>innerJoin());
  }

  /**
   * Left outer join: like {@link #join}, plus {@code Pair(v, null)} for values here whose key has no
   * value in {@code other}; the only operator that makes null values.
   */
  public <W> PairRdd<K, Pair<V, W>> leftOuterJoin(PairRdd<K, W> other) {
    return cogroupWith(other, "leftOuterJoin", NarrowFns.<K, V, W>leftOuterJoin());
  }

  // ---- actions -----------------------------------------------------------------------------------

  /** All pairs as a map in collect order; for a repeated key the last value wins. */
  public Map<K, V> collectAsMap() {
    Map<K, V> map = new LinkedHashMap<>();
    for (Pair<K, V> pair : collect()) {
      map.put(pair.key(), pair.value());
    }
    return map;
  }

  /** How many pairs each key has; counted map-side. */
  public Map<K, Long> countByKey() {
    return mapValues(NarrowFns::one).reduceByKey(Long::sum).named("countByKey").collectAsMap();
  }

  /** The {@code n} pairs with the largest values, largest first; values must be non-null. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public List<Pair<K, V>> topByValue(int n) {
    return new ArrayList<>(top(n, (CompareFn) Pair.byValue()));
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private <C> PairRdd<K, C> shuffle(String kind, Combiner<?, ?> combiner, int partitions) {
    return new PairRdd<>(engine, new ShuffleNode(kind, kind, plan, combiner, partitions));
  }

  private <W, R> PairRdd<K, R> cogroupWith(PairRdd<K, W> other, String kind,
      FlatMapFn<Pair<K, List<List<?>>>, Pair<K, R>> shape) {
    Objects.requireNonNull(other, "other");
    if (other.engine != engine) {
      throw new IllegalArgumentException("cannot combine datasets of two engines");
    }
    PlanNode groups = new CoGroupNode(kind, List.of(plan, other.plan), 0);
    return new PairRdd<>(engine, new PairRdd<K, List<List<?>>>(engine, groups)
        .node(kind, NarrowFns.flatMap(shape)));
  }
}
