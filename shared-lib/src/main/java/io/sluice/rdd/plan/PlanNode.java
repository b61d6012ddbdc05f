package io.sluice.rdd.plan;

import java.io.Serializable;
import java.util.List;

/**
 * One operator of a dataset's plan: a DAG from sources to the dataset, built by {@link
 * io.sluice.rdd.Rdd}'s operators and read by engines. Nodes are immutable records and serializable
 * (when their functions and sources are), so a plan can be shipped to another JVM as is.
 *
 * <p>How an engine reads a plan:
 * <ul>
 *   <li>{@link SourceNode}, {@link NarrowNode} and {@link UnionNode} are <b>narrow</b>: partition
 *       <i>i</i> of the output depends on one partition of one parent, so chains of them fuse into
 *       one task (a mapper, in MapReduce) that streams elements through;</li>
 *   <li>{@link ShuffleNode}, {@link CoGroupNode} and {@link SortNode} are <b>shuffles</b>
 *       ({@link #isShuffle()}): their parents' elements are {@link io.sluice.rdd.Pair}s that are
 *       redistributed by key, which ends a stage (a job's reduce side, in MapReduce).</li>
 * </ul>
 * Java 17 has no pattern-matching switch, so use {@link #accept} with a {@link Visitor}, or
 * {@code instanceof} patterns; the interface is sealed, the set of node types is closed.
 *
 * <pre>{@code
 * System.out.println(LogFunctions.errorsPerLogger(lines).plan().explain());
 * }</pre>
 */
public sealed interface PlanNode extends Serializable
    permits SourceNode, NarrowNode, UnionNode, ShuffleNode, CoGroupNode, SortNode {

  /** The operator's name: set with {@code Rdd.named}, else its kind. Names drive counters and errors. */
  String name();

  /** What kind of operator this is, like {@code "filter"} or {@code "reduceByKey"}. */
  String kind();

  /** The inputs, in order; empty for a source. */
  List<PlanNode> parents();

  /** Whether this node repartitions its parents' pairs by key, starting a new stage. */
  default boolean isShuffle() {
    return false;
  }

  /** The same node under another name. */
  PlanNode withName(String name);

  <R> R accept(Visitor<R> visitor);

  /** A readable, indented tree of this node and its ancestors, for logs and debugging. */
  default String explain() {
    StringBuilder out = new StringBuilder();
    explain(this, 0, out);
    return out.toString();
  }

  private static void explain(PlanNode node, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(node.name());
    if (!node.name().equals(node.kind())) {
      out.append(" (").append(node.kind()).append(')');
    }
    out.append(node.isShuffle() ? " [shuffle]" : "").append('\n');
    for (PlanNode parent : node.parents()) {
      explain(parent, depth + 1, out);
    }
  }

  /** One method per node type. */
  interface Visitor<R> {
    R visitSource(SourceNode node);

    R visitNarrow(NarrowNode node);

    R visitUnion(UnionNode node);

    R visitShuffle(ShuffleNode node);

    R visitCoGroup(CoGroupNode node);

    R visitSort(SortNode node);
  }
}
