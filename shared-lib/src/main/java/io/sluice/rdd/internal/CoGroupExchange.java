package io.sluice.rdd.internal;

import io.sluice.rdd.plan.Partitioning;
import io.sluice.rdd.Pair;
import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.PlanNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CoGroupNode}: one map stage per parent groups values per key and reduce partition; the
 * first reader of a reduce partition merges them into per-parent value lists, and keeps the result
 * for later readers while dropping the map side.
 */
final class CoGroupExchange implements Exchange {

  private final List<List<Map<Object, List<Object>>[]>> outputsPerParent;
  // reduced[p] and the map outputs' slot p are touched only under locks[p].
  private final Map<Object, List<List<Object>>>[] reduced;
  private final Object[] locks;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private CoGroupExchange(int partitions, List<List<Map<Object, List<Object>>[]>> outputsPerParent) {
    this.outputsPerParent = outputsPerParent;
    this.reduced = new Map[partitions];
    this.locks = new Object[partitions];
    Arrays.setAll(locks, i -> new Object());
  }

  @SuppressWarnings("unchecked")
  static CoGroupExchange build(Run<?> run, CoGroupNode node) {
    int partitions = run.partitions(node);
    List<List<Map<Object, List<Object>>[]>> outputs = new ArrayList<>();
    for (PlanNode parent : node.parents()) {
      List<Object> parentOutputs = run.runStage(parent, node.name(),
          (task, input) -> group(partitions, input));
      outputs.add((List<Map<Object, List<Object>>[]>) (List<?>) parentOutputs);
    }
    return new CoGroupExchange(partitions, outputs);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<Object, List<Object>>[] group(int partitions, Iterator<Object> input) {
    Map<Object, List<Object>>[] buckets = new Map[partitions];
    while (input.hasNext()) {
      Pair<?, ?> pair = (Pair<?, ?>) input.next();
      int b = Partitioning.partition(pair.key(), partitions);
      if (buckets[b] == null) {
        buckets[b] = new LinkedHashMap<>();
      }
      buckets[b].computeIfAbsent(pair.key(), k -> new ArrayList<>()).add(pair.value());
    }
    return buckets;
  }

  @Override
  public Iterator<?> read(Task task, int partition) {
    Map<Object, List<List<Object>>> merged;
    synchronized (locks[partition]) {
      merged = reduced[partition];
      if (merged == null) {
        merged = merge(partition);
        reduced[partition] = merged;
      }
    }
    Iterator<Map.Entry<Object, List<List<Object>>>> entries = merged.entrySet().iterator();
    return new Iterator<Pair<Object, List<List<Object>>>>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Pair<Object, List<List<Object>>> next() {
        Map.Entry<Object, List<List<Object>>> e = entries.next();
        return Pair.of(e.getKey(), e.getValue());
      }
    };
  }

  private Map<Object, List<List<Object>>> merge(int partition) {
    int parents = outputsPerParent.size();
    Map<Object, List<List<Object>>> merged = new LinkedHashMap<>();
    for (int i = 0; i < parents; i++) {
      for (Map<Object, List<Object>>[] output : outputsPerParent.get(i)) {
        Map<Object, List<Object>> bucket = output[partition];
        output[partition] = null;
        if (bucket == null) {
          continue;
        }
        for (Map.Entry<Object, List<Object>> e : bucket.entrySet()) {
          merged.computeIfAbsent(e.getKey(), k -> emptyGroups(parents)).get(i).addAll(e.getValue());
        }
      }
    }
    merged.replaceAll((key, groups) -> {
      groups.replaceAll(Collections::unmodifiableList);
      return Collections.unmodifiableList(groups);
    });
    return merged;
  }

  private static List<List<Object>> emptyGroups(int parents) {
    List<List<Object>> groups = new ArrayList<>(parents);
    for (int i = 0; i < parents; i++) {
      groups.add(new ArrayList<>(2));
    }
    return groups;
  }
}
