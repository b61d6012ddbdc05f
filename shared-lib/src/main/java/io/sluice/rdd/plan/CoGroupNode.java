package io.sluice.rdd.plan;

import java.util.List;

/**
 * Groups the {@link io.sluice.rdd.Pair}s of several parents by key: emits one
 * {@code Pair(key, List<List<?>>)} per key present in any parent, where list {@code i} holds the
 * key's values from parent {@code i} (possibly empty). Joins are built on it. {@code partitions} 0
 * lets the engine choose (in-process: the largest parent partition count).
 */
public record CoGroupNode(String name, List<PlanNode> parents, int partitions) implements PlanNode {

  public CoGroupNode {
    Names.check(name);
    parents = List.copyOf(parents);
    if (parents.isEmpty()) {
      throw new IllegalArgumentException("a cogroup needs at least one parent");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }
  }

  @Override
  public String kind() {
    return "cogroup";
  }

  @Override
  public boolean isShuffle() {
    return true;
  }

  @Override
  public CoGroupNode withName(String name) {
    return new CoGroupNode(name, parents, partitions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitCoGroup(this);
  }
}
