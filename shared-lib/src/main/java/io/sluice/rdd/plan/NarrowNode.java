package io.sluice.rdd.plan;

import io.sluice.rdd.PartitionFn;
import java.util.List;
import java.util.Objects;

/**
 * Applies {@code fn} to each partition of {@code parent}, partition by partition: every narrow
 * operator ({@code map}, {@code filter}, {@code flatMap}, {@code mapPartitions}, {@code sample},
 * ...) is compiled into this one shape, so an engine needs to know only {@link PartitionFn}.
 * {@code kind} says which operator built it, for display.
 */
public record NarrowNode(String name, String kind, PlanNode parent, PartitionFn<?, ?> fn)
    implements PlanNode {

  public NarrowNode {
    Names.check(name);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(fn, "fn");
  }

  @Override
  public List<PlanNode> parents() {
    return List.of(parent);
  }

  @Override
  public NarrowNode withName(String name) {
    return new NarrowNode(name, kind, parent, fn);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitNarrow(this);
  }
}
