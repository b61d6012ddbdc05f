package io.sluice.rdd.plan;

import io.sluice.rdd.CompareFn;
import java.util.List;
import java.util.Objects;

/**
 * Sorts the {@link io.sluice.rdd.Pair}s of {@code parent} by key with {@code keyOrder} into
 * {@code partitions} range partitions: every key of partition {@code i} sorts before or equal to
 * every key of partition {@code i + 1}. Equal keys keep their input order. {@code partitions} 0
 * lets the engine choose (in-process: the parent's partition count).
 */
public record SortNode(String name, PlanNode parent, CompareFn<?> keyOrder, int partitions)
    implements PlanNode {

  public SortNode {
    Names.check(name);
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(keyOrder, "keyOrder");
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }
  }

  @Override
  public String kind() {
    return "sortByKey";
  }

  @Override
  public List<PlanNode> parents() {
    return List.of(parent);
  }

  @Override
  public boolean isShuffle() {
    return true;
  }

  @Override
  public SortNode withName(String name) {
    return new SortNode(name, parent, keyOrder, partitions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitSort(this);
  }
}
