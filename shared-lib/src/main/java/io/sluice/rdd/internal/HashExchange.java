package io.sluice.rdd.internal;

import io.sluice.rdd.plan.Partitioning;
import io.sluice.rdd.Pair;
import io.sluice.rdd.plan.Combiner;
import io.sluice.rdd.plan.ShuffleNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ShuffleNode}: each map task combines its pairs per key into one hash map per reduce
 * partition (map-side combining: memory is one combined value per key and task); the first reader
 * of a reduce partition merges the map tasks' maps for it, in map-task order, and keeps the result
 * for later readers while dropping the map-side maps.
 */
final class HashExchange implements Exchange {

  private final ShuffleNode node;
  private final List<Map<Object, Holder>[]> mapOutputs;
  // reduced[p] and the map outputs' slot p are touched only under locks[p].
  private final Map<Object, Holder>[] reduced;
  private final Object[] locks;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private HashExchange(ShuffleNode node, int partitions, List<Map<Object, Holder>[]> mapOutputs) {
    this.node = node;
    this.mapOutputs = mapOutputs;
    this.reduced = new Map[partitions];
    this.locks = new Object[partitions];
    Arrays.setAll(locks, i -> new Object());
  }

  @SuppressWarnings("unchecked")
  static HashExchange build(Run<?> run, ShuffleNode node) {
    int partitions = run.partitions(node);
    List<Object> outputs = run.runStage(node.parent(), node.name(),
        (task, input) -> combine(task, node, partitions, input));
    return new HashExchange(node, partitions, (List<Map<Object, Holder>[]>) (List<?>) outputs);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<Object, Holder>[] combine(Task task, ShuffleNode node, int partitions,
      Iterator<Object> input) throws Exception {
    Combiner<Object, Object> combiner =
        task.open(node.name(), task.partition, (Combiner<Object, Object>) node.combiner());
    Map<Object, Holder>[] buckets = new Map[partitions];
    while (input.hasNext()) {
      Pair<?, ?> pair = (Pair<?, ?>) input.next();
      Object key = pair.key();
      int b = Partitioning.partition(key, partitions);
      Map<Object, Holder> bucket = buckets[b];
      if (bucket == null) {
        bucket = new LinkedHashMap<>();
        buckets[b] = bucket;
      }
      Holder holder = bucket.get(key);
      if (holder == null) {
        bucket.put(key, new Holder(combiner.create(pair.value())));
      } else {
        holder.value = combiner.add(holder.value, pair.value());
      }
    }
    return buckets;
  }

  @Override
  public Iterator<?> read(Task task, int partition) throws Exception {
    Map<Object, Holder> merged;
    synchronized (locks[partition]) {
      merged = reduced[partition];
      if (merged == null) {
        merged = merge(task, partition);
        reduced[partition] = merged;
      }
    }
    Iterator<Map.Entry<Object, Holder>> entries = merged.entrySet().iterator();
    return new Iterator<Pair<Object, Object>>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Pair<Object, Object> next() {
        Map.Entry<Object, Holder> e = entries.next();
        return Pair.of(e.getKey(), e.getValue().value);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Holder> merge(Task task, int partition) throws Exception {
    Map<Object, Holder> merged = null;
    Combiner<Object, Object> combiner = null;
    for (Map<Object, Holder>[] output : mapOutputs) {
      Map<Object, Holder> bucket = output[partition];
      output[partition] = null;
      if (bucket == null) {
        continue;
      }
      if (merged == null) {
        merged = bucket;
        continue;
      }
      if (combiner == null) {
        combiner = task.open(node.name(), partition, (Combiner<Object, Object>) node.combiner());
      }
      for (Map.Entry<Object, Holder> e : bucket.entrySet()) {
        Holder holder = merged.get(e.getKey());
        if (holder == null) {
          merged.put(e.getKey(), e.getValue());
        } else {
          holder.value = combiner.merge(holder.value, e.getValue().value);
        }
      }
    }
    return merged == null ? Map.of() : merged;
  }

  /** A mutable slot, so adding a value to a key costs one hash lookup, and values may be null. */
  static final class Holder {
    Object value;

    Holder(Object value) {
      this.value = value;
    }
  }
}
