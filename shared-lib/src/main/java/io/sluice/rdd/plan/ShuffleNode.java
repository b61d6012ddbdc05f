package io.sluice.rdd.plan;

import java.util.List;
import java.util.Objects;

/**
 * Repartitions the {@link io.sluice.rdd.Pair}s of {@code parent} by the hash of their key into
 * {@code partitions} partitions, folding each key's values with {@code combiner}; emits one
 * {@code Pair(key, combined)} per key. {@code partitions} 0 lets the engine choose (in-process:
 * the parent's partition count). {@code kind} is the operator that built it
 * ({@code reduceByKey}, {@code groupByKey}, ...).
 */
public record ShuffleNode(String name, String kind, PlanNode parent, Combiner<?, ?> combiner,
    int partitions) implements PlanNode {

  public ShuffleNode {
    Names.check(name);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(combiner, "combiner");
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }
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
  public ShuffleNode withName(String name) {
    return new ShuffleNode(name, kind, parent, combiner, partitions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitShuffle(this);
  }
}
