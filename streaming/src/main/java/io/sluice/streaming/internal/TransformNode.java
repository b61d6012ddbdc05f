package io.sluice.streaming.internal;

import io.sluice.rdd.Rdd;
import java.util.List;
import java.util.function.Function;

/** Applies an Rdd-to-Rdd function to its parent's dataset each batch: map, filter, transform... */
public final class TransformNode<T, R> extends DStreamNode<R> {
  private final DStreamNode<T> parent;
  private final Function<Rdd<T>, Rdd<R>> fn;

  public TransformNode(StreamGraph graph, String name, DStreamNode<T> parent,
      Function<Rdd<T>, Rdd<R>> fn) {
    super(graph, name, List.of(parent));
    this.parent = parent;
    this.fn = fn;
  }

  @Override
  public String kind() {
    return "transform";
  }

  @Override
  protected Rdd<R> compute(long time) {
    Rdd<R> result = fn.apply(parent.at(time));
    if (result == null) {
      throw new IllegalStateException("the transform function of stream '" + name()
          + "' returned null for batch " + time + "; return an empty dataset instead");
    }
    return result;
  }
}
