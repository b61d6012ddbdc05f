package io.sluice.streaming.internal;

import io.sluice.rdd.Rdd;
import java.util.List;

/** The union of two streams with the same slide interval. */
public final class UnionNode<T> extends DStreamNode<T> {
  private final DStreamNode<T> left;
  private final DStreamNode<T> right;

  public UnionNode(StreamGraph graph, String name, DStreamNode<T> left, DStreamNode<T> right) {
    super(graph, name, List.of(left, right));
    if (left.slideMillis() != right.slideMillis()) {
      throw new IllegalArgumentException("cannot union '" + left.name() + "' (every "
          + left.slideMillis() + " ms) with '" + right.name() + "' (every " + right.slideMillis() + " ms)");
    }
    this.left = left;
    this.right = right;
  }

  @Override
  public String kind() {
    return "union";
  }

  @Override
  protected Rdd<T> compute(long time) {
    return left.at(time).union(right.at(time));
  }
}
