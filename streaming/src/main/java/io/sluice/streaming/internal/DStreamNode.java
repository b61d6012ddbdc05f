package io.sluice.streaming.internal;

import io.sluice.rdd.Rdd;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One operator of the stream graph. It produces one dataset per slide interval, on demand and
 * cached by time, and forgets datasets older than what any consumer (a window, say) still needs.
 * Only the job thread computes, so nodes need no locking.
 */
public abstract class DStreamNode<T> {
  private final StreamGraph graph;
  private final int id;
  private final List<DStreamNode<?>> parents;
  private String name;
  private long rememberMillis;
  private final TreeMap<Long, Rdd<T>> generated = new TreeMap<>();

  protected DStreamNode(StreamGraph graph, String name, List<DStreamNode<?>> parents) {
    this.graph = graph;
    this.parents = List.copyOf(parents);
    this.name = name;
    this.id = graph.register(this);
  }

  public final StreamGraph graph() {
    return graph;
  }

  public final int id() {
    return id;
  }

  public final String name() {
    return name;
  }

  public final void rename(String newName) {
    graph.checkNotStarted("rename a stream");
    this.name = newName;
  }

  public final List<DStreamNode<?>> parents() {
    return parents;
  }

  /** What kind of operator this is, for the graph's fingerprint and checkpoints. */
  public abstract String kind();

  /** How often this node produces a dataset; its parents' slide unless it windows. */
  public long slideMillis() {
    return parents.isEmpty() ? graph.batchIntervalMillis() : parents.get(0).slideMillis();
  }

  /** How far back this node reaches into its parents' datasets beyond the current batch. */
  protected long lookBackMillis() {
    return 0;
  }

  /** Asks this node to keep its datasets for at least {@code millis}; propagates to parents. */
  final void remember(long millis) {
    rememberMillis = Math.max(rememberMillis, millis);
    for (DStreamNode<?> parent : parents) {
      parent.remember(rememberMillis + lookBackMillis());
    }
  }

  final long rememberMillis() {
    return rememberMillis;
  }

  /** The dataset for {@code time}, computed once; empty for times this node does not produce at. */
  public final Rdd<T> at(long time) {
    if (time % slideMillis() != 0) {
      throw new IllegalArgumentException("stream '" + name + "' produces every " + slideMillis()
          + " ms; no dataset at " + time);
    }
    Rdd<T> rdd = generated.get(time);
    if (rdd == null) {
      rdd = compute(time);
      generated.put(time, rdd);
    }
    return rdd;
  }

  /** Computes the dataset for {@code time} (a multiple of the slide interval). */
  protected abstract Rdd<T> compute(long time);

  /** Forgets datasets older than {@code time - remember}; returns nothing, frees memory. */
  final void forgetBefore(long time) {
    Map<Long, Rdd<T>> old = generated.headMap(time - rememberMillis, true);
    old.clear();
  }

  /** Drops every cached dataset (after recovery restored state, datasets are recomputed). */
  final void forgetAll() {
    generated.clear();
  }

  /** The datasets of {@code parent} for every parent slide in {@code (from, to]}. */
  protected final <P> List<Rdd<P>> parentRange(DStreamNode<P> parent, long from, long to) {
    java.util.ArrayList<Rdd<P>> rdds = new java.util.ArrayList<>();
    long slide = parent.slideMillis();
    for (long t = from - Math.floorMod(from, slide) + slide; t <= to; t += slide) {
      rdds.add(parent.at(t));
    }
    return rdds;
  }

  @Override
  public String toString() {
    return kind() + "#" + id + "(" + name + ")";
  }
}
