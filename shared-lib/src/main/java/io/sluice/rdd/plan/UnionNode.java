package io.sluice.rdd.plan;

import java.util.List;

/**
 * The partitions of all parents, concatenated in order: output partition {@code i} is partition
 * {@code i - offset} of the parent it falls into. Narrow: nothing moves.
 */
public record UnionNode(String name, List<PlanNode> parents) implements PlanNode {

  public UnionNode {
    Names.check(name);
    parents = List.copyOf(parents);
    if (parents.isEmpty()) {
      throw new IllegalArgumentException("a union needs at least one parent");
    }
  }

  @Override
  public String kind() {
    return "union";
  }

  @Override
  public UnionNode withName(String name) {
    return new UnionNode(name, parents);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitUnion(this);
  }
}
