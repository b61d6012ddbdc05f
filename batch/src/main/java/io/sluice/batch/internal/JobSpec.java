package io.sluice.batch.internal;

import io.sluice.rdd.Action;
import io.sluice.rdd.plan.PlanNode;
import java.io.Serializable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a map or reduce task of one MapReduce job needs, shipped by Java serialization in a
 * file of the run's work folder (see {@link MapReduceEngine}): the whole plan as a list of nodes
 * (index = node id; one stream, so shared nodes stay shared), each node's partition count, which
 * shuffle this job performs, and either the action to run on its output or nothing (then the
 * shuffle's output is written to an intermediate SequenceFile folder for later jobs).
 *
 * <p>Split layout: a shuffle job has one map task per partition of each of the shuffle's parents,
 * a map-only job one per partition of {@link #top}.
 */
final class JobSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  final String runId;
  final int jobIndex;
  final List<PlanNode> nodes;
  final int[] partitions;
  /** The shuffle this job performs, or -1 for a map-only job. */
  final int shuffle;
  /** The node whose partitions feed {@link #action}, or -1 when the job only materializes a shuffle. */
  final int top;
  final Action<?, ?, ?> action;
  /** Shuffle node id to the folder holding its materialized output (from earlier jobs). */
  final Map<Integer, String> materialized;
  /** Where this job writes: a shuffle's intermediate files, or the action's partition results. */
  final String outputDir;
  final String failuresDir;

  private transient Map<PlanNode, Integer> ids;

  JobSpec(String runId, int jobIndex, List<PlanNode> nodes, int[] partitions, int shuffle, int top,
      Action<?, ?, ?> action, Map<Integer, String> materialized, String outputDir, String failuresDir) {
    this.runId = runId;
    this.jobIndex = jobIndex;
    this.nodes = nodes;
    this.partitions = partitions;
    this.shuffle = shuffle;
    this.top = top;
    this.action = action;
    this.materialized = materialized;
    this.outputDir = outputDir;
    this.failuresDir = failuresDir;
  }

  int id(PlanNode node) {
    if (ids == null) {
      Map<PlanNode, Integer> map = new IdentityHashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        map.put(nodes.get(i), i);
      }
      ids = map;
    }
    Integer id = ids.get(node);
    if (id == null) {
      throw new IllegalStateException("node is not part of this job's plan: " + node.name());
    }
    return id;
  }

  /** Where tasks leave their counter totals for the driver (beside the failures folder). */
  String countersDir() {
    return failuresDir.substring(0, failuresDir.lastIndexOf('/')) + "/counters";
  }

  int partitions(PlanNode node) {
    return partitions[id(node)];
  }

  PlanNode shuffleNode() {
    return shuffle < 0 ? null : nodes.get(shuffle);
  }

  boolean mapOnly() {
    return shuffle < 0;
  }

  /** Map-side input {@code input} of this job: a parent of the shuffle, or the top node. */
  PlanNode mapInput(int input) {
    return mapOnly() ? nodes.get(top) : nodes.get(shuffle).parents().get(input);
  }

  int mapInputs() {
    return mapOnly() ? 1 : nodes.get(shuffle).parents().size();
  }

  int reducers() {
    return mapOnly() ? 0 : partitions[shuffle];
  }
}
