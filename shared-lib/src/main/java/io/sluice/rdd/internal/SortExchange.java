package io.sluice.rdd.internal;

import io.sluice.rdd.CompareFn;
import io.sluice.rdd.Pair;
import io.sluice.rdd.plan.SortNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * {@link SortNode}: map tasks sort their own partitions in parallel; the first reader concatenates
 * the sorted runs (TimSort then merges them in near-linear time, stably) and cuts the result into
 * equal, contiguous range partitions. Everything is in memory, so no sampling is needed.
 */
final class SortExchange implements Exchange {

  private final SortNode node;
  private final int partitions;
  private List<List<Pair<Object, Object>>> runs;
  private List<Pair<Object, Object>> sorted;

  private SortExchange(SortNode node, int partitions, List<List<Pair<Object, Object>>> runs) {
    this.node = node;
    this.partitions = partitions;
    this.runs = runs;
  }

  @SuppressWarnings("unchecked")
  static SortExchange build(Run<?> run, SortNode node) {
    List<Object> runs = run.runStage(node.parent(), node.name(), (task, input) -> {
      List<Pair<Object, Object>> pairs = new ArrayList<>();
      while (input.hasNext()) {
        pairs.add((Pair<Object, Object>) input.next());
      }
      pairs.sort(byKey(task.open(node.name(), task.partition, node.keyOrder())));
      return pairs;
    });
    return new SortExchange(node, run.partitions(node), (List<List<Pair<Object, Object>>>) (List<?>) runs);
  }

  @Override
  public Iterator<?> read(Task task, int partition) {
    List<Pair<Object, Object>> all;
    synchronized (this) {
      if (sorted == null) {
        List<Pair<Object, Object>> concatenated = new ArrayList<>();
        runs.forEach(concatenated::addAll);
        runs = null;
        concatenated.sort(byKey(task.open(node.name(), partition, node.keyOrder())));
        sorted = concatenated;
      }
      all = sorted;
    }
    long size = all.size();
    int from = (int) (size * partition / partitions);
    int to = (int) (size * (partition + 1) / partitions);
    return all.subList(from, to).iterator();
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Pair<Object, Object>> byKey(CompareFn<?> order) {
    CompareFn<Object> keys = (CompareFn<Object>) order;
    return (a, b) -> keys.compare(a.key(), b.key());
  }
}
