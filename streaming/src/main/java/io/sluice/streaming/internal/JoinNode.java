package io.sluice.streaming.internal;

import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import java.util.List;

/** Per batch, the inner join of two pair streams with the same slide interval. */
public final class JoinNode<K, V, W> extends DStreamNode<Pair<K, Pair<V, W>>> {
  private final DStreamNode<Pair<K, V>> left;
  private final DStreamNode<Pair<K, W>> right;

  public JoinNode(StreamGraph graph, String name, DStreamNode<Pair<K, V>> left,
      DStreamNode<Pair<K, W>> right) {
    super(graph, name, List.of(left, right));
    if (left.slideMillis() != right.slideMillis()) {
      throw new IllegalArgumentException("cannot join '" + left.name() + "' (every "
          + left.slideMillis() + " ms) with '" + right.name() + "' (every " + right.slideMillis() + " ms)");
    }
    this.left = left;
    this.right = right;
  }

  @Override
  public String kind() {
    return "join";
  }

  @Override
  protected Rdd<Pair<K, Pair<V, W>>> compute(long time) {
    return PairRdd.of(left.at(time)).join(PairRdd.of(right.at(time)));
  }
}
