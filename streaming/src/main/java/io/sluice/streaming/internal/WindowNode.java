package io.sluice.streaming.internal;

import io.sluice.rdd.Rdd;
import java.util.List;

/** Every slide interval, the union of its parent's datasets over the last window length. */
public final class WindowNode<T> extends DStreamNode<T> {
  private final DStreamNode<T> parent;
  private final long windowMillis;
  private final long slideMillis;

  public WindowNode(StreamGraph graph, String name, DStreamNode<T> parent, long windowMillis,
      long slideMillis) {
    super(graph, name, List.of(parent));
    Windows.check(name, parent, windowMillis, slideMillis);
    this.parent = parent;
    this.windowMillis = windowMillis;
    this.slideMillis = slideMillis;
  }

  @Override
  public String kind() {
    return "window";
  }

  @Override
  public long slideMillis() {
    return slideMillis;
  }

  @Override
  protected long lookBackMillis() {
    return windowMillis;
  }

  @Override
  protected Rdd<T> compute(long time) {
    Rdd<T> result = graph().empty();
    for (Rdd<T> rdd : parentRange(parent, time - windowMillis, time)) {
      result = result.union(rdd);
    }
    return result;
  }
}
