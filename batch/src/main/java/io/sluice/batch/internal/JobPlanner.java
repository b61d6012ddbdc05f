package io.sluice.batch.internal;

import io.sluice.rdd.Action;
import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import io.sluice.rdd.plan.SortNode;
import io.sluice.rdd.plan.SourceNode;
import io.sluice.rdd.plan.UnionNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles one action over a plan into a chain of MapReduce jobs, on the driver:
 * <ol>
 *   <li>every shuffle node (reduceByKey &amp; co., cogroup/join, sortByKey) becomes one job, in
 *       dependency order; its map side is the narrow chain under each of its parents, fused into the
 *       mapper; shuffles under that chain are read from the intermediate files of earlier jobs;</li>
 *   <li>if the action's input is a pure narrow chain over one shuffle (the common
 *       {@code ... reduceByKey(...).map(...).writeTo(sink)}), that chain and the action run in the
 *       shuffle's reducer: the last job writes no intermediate files;</li>
 *   <li>otherwise the action's input (sources, unions, several shuffles) is computed by a final
 *       map-only job.</li>
 * </ol>
 * Partition counts follow the in-process engine (a shuffle has its own count, else
 * {@code sluice.batch.reducers}, else its parent's; a cogroup the largest parent's), except
 * {@code sortByKey}, which runs as <b>one reducer</b> producing one totally ordered partition:
 * a sample-based total-order partitioner is not worth it at the sizes this layer sorts.
 */
final class JobPlanner {

  private JobPlanner() {
  }

  static List<JobSpec> plan(PlanNode top, Action<?, ?, ?> action, String runId, String runDir,
      int defaultReducers) {
    List<PlanNode> nodes = new ArrayList<>();
    collect(top, Collections.newSetFromMap(new IdentityHashMap<>()), nodes);
    Map<PlanNode, Integer> ids = new IdentityHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      ids.put(nodes.get(i), i);
    }
    int[] partitions = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      partitions[i] = partitions(nodes.get(i), ids, partitions, defaultReducers);
    }
    PlanNode fused = fusedShuffle(top);
    Map<Integer, String> materialized = new HashMap<>();
    List<PlanNode> shuffles = new ArrayList<>();
    for (PlanNode node : nodes) {
      if (node.isShuffle()) {
        shuffles.add(node);
        if (node != fused) {
          materialized.put(ids.get(node), runDir + "/shuffle-" + ids.get(node));
        }
      }
    }
    List<PlanNode> frozen = List.copyOf(nodes);
    Map<Integer, String> dirs = Map.copyOf(materialized);
    String failures = runDir + "/failures";
    List<JobSpec> jobs = new ArrayList<>();
    for (PlanNode shuffle : shuffles) {
      int id = ids.get(shuffle);
      boolean last = shuffle == fused;
      jobs.add(new JobSpec(runId, jobs.size(), frozen, partitions, id,
          last ? ids.get(top) : -1, last ? action : null, dirs,
          last ? runDir + "/result" : dirs.get(id), failures));
    }
    if (fused == null) {
      jobs.add(new JobSpec(runId, jobs.size(), frozen, partitions, -1, ids.get(top), action, dirs,
          runDir + "/result", failures));
    }
    return jobs;
  }

  /** Parents first, each node once: a job's tasks can then resolve every node by index. */
  private static void collect(PlanNode node, Set<PlanNode> seen, List<PlanNode> out) {
    if (!seen.add(node)) {
      return;
    }
    for (PlanNode parent : node.parents()) {
      collect(parent, seen, out);
    }
    out.add(node);
  }

  private static int partitions(PlanNode node, Map<PlanNode, Integer> ids, int[] known,
      int defaultReducers) {
    if (node instanceof SourceNode s) {
      int n = s.source().partitions();
      if (n < 1) {
        throw new IllegalArgumentException("source '" + s.name() + "' has " + n + " partitions");
      }
      return n;
    } else if (node instanceof NarrowNode narrow) {
      return known[ids.get(narrow.parent())];
    } else if (node instanceof UnionNode union) {
      return union.parents().stream().mapToInt(p -> known[ids.get(p)]).sum();
    } else if (node instanceof ShuffleNode shuffle) {
      return shuffle.partitions() > 0 ? shuffle.partitions()
          : defaultReducers > 0 ? defaultReducers : known[ids.get(shuffle.parent())];
    } else if (node instanceof CoGroupNode cogroup) {
      return cogroup.partitions() > 0 ? cogroup.partitions()
          : defaultReducers > 0 ? defaultReducers
          : cogroup.parents().stream().mapToInt(p -> known[ids.get(p)]).max().orElseThrow();
    } else if (node instanceof SortNode) {
      return 1;
    }
    throw new IllegalStateException("unknown plan node " + node.getClass());
  }

  /** The shuffle under a pure narrow chain ending at {@code top}, or null. */
  static PlanNode fusedShuffle(PlanNode top) {
    PlanNode node = top;
    while (node instanceof NarrowNode narrow) {
      node = narrow.parent();
    }
    return node.isShuffle() ? node : null;
  }
}
