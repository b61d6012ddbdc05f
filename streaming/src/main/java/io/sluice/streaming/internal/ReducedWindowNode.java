package io.sluice.streaming.internal;

import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.ReduceFn;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * reduceByKeyAndWindow: each batch of the parent is reduced by key once and kept, as a small map,
 * for the window's length; every slide the window's value is either all kept maps merged or, with
 * an inverse function, the previous value plus the batches that entered minus those that left. A
 * key leaves the result once no batch in the window has it. The kept maps are this node's state:
 * checkpointed, so recovery needs no raw data older than the last checkpoint.
 */
public final class ReducedWindowNode<K, V> extends DStreamNode<Pair<K, V>> implements StatefulNode {
  private final DStreamNode<Pair<K, V>> parent;
  private final ReduceFn<V> reduce;
  private final ReduceFn<V> inverse;
  private final long windowMillis;
  private final long slideMillis;

  private TreeMap<Long, Map<K, V>> perBatch = new TreeMap<>();
  private Map<K, V> current = new HashMap<>();
  private Map<K, Integer> presence = new HashMap<>();
  private long lastTime = Long.MIN_VALUE;

  public ReducedWindowNode(StreamGraph graph, String name, DStreamNode<Pair<K, V>> parent,
      ReduceFn<V> reduce, ReduceFn<V> inverse, long windowMillis, long slideMillis) {
    super(graph, name, List.of(parent));
    Windows.check(name, parent, windowMillis, slideMillis);
    this.parent = parent;
    this.reduce = reduce;
    this.inverse = inverse;
    this.windowMillis = windowMillis;
    this.slideMillis = slideMillis;
  }

  @Override
  public String kind() {
    return inverse == null ? "reduceByKeyAndWindow" : "reduceByKeyAndWindow/inverse";
  }

  @Override
  public long slideMillis() {
    return slideMillis;
  }

  /**
   * Each slide reads only the parent's datasets of that slide, {@code (time - slide, time]}: the
   * batches before are kept here, reduced. So with a slide of one parent interval it reaches back
   * to none, and the raw data of a batch can go as soon as the batch has run.
   */
  @Override
  protected long lookBackMillis() {
    return slideMillis - parent.slideMillis();
  }

  @Override
  protected Rdd<Pair<K, V>> compute(long time) {
    long from = Math.max(time - slideMillis, Math.max(lastTime, time - windowMillis));
    Map<Long, Map<K, V>> entering = new TreeMap<>();
    for (long t = from - Math.floorMod(from, parent.slideMillis()) + parent.slideMillis(); t <= time;
        t += parent.slideMillis()) {
      Map<K, V> reduced = PairRdd.of(parent.at(t)).reduceByKey(reduce).collectAsMap();
      entering.put(t, reduced);
    }
    Map<Long, Map<K, V>> leaving = new TreeMap<>(perBatch.headMap(time - windowMillis, true));
    perBatch.headMap(time - windowMillis, true).clear();
    perBatch.putAll(entering);
    try {
      if (inverse == null) {
        current = new HashMap<>();
        for (Map<K, V> batch : perBatch.values()) {
          for (Map.Entry<K, V> e : batch.entrySet()) {
            add(current, e.getKey(), e.getValue());
          }
        }
      } else {
        for (Map<K, V> batch : leaving.values()) {
          for (Map.Entry<K, V> e : batch.entrySet()) {
            K key = e.getKey();
            int left = presence.merge(key, -1, Integer::sum);
            if (left <= 0) {
              presence.remove(key);
              current.remove(key);
            } else {
              current.put(key, inverse.apply(current.get(key), e.getValue()));
            }
          }
        }
        for (Map<K, V> batch : entering.values()) {
          for (Map.Entry<K, V> e : batch.entrySet()) {
            presence.merge(e.getKey(), 1, Integer::sum);
            add(current, e.getKey(), e.getValue());
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("window '" + name() + "' failed at batch " + time + ": " + e, e);
    }
    lastTime = time;
    return Materialize.pairs(graph().engine(), name(), new HashMap<>(current));
  }

  private void add(Map<K, V> into, K key, V value) throws Exception {
    V old = into.get(key);
    into.put(key, old == null ? value : reduce.apply(old, value));
  }

  @Override
  public void saveState(DataOutput out) throws IOException {
    StateCodec codec = new StateCodec();
    out.writeLong(lastTime);
    out.writeInt(perBatch.size());
    for (Map.Entry<Long, Map<K, V>> e : perBatch.entrySet()) {
      out.writeLong(e.getKey());
      codec.writeMap(e.getValue(), out);
    }
    codec.writeMap(current, out);
    codec.writeMap(presence, out);
  }

  @Override
  public void restoreState(DataInput in, long asOfTime) throws IOException {
    StateCodec codec = new StateCodec();
    lastTime = in.readLong();
    perBatch = new TreeMap<>();
    int batches = in.readInt();
    for (int i = 0; i < batches; i++) {
      long time = in.readLong();
      Map<K, V> map = new HashMap<>();
      codec.readMap(in, map);
      perBatch.put(time, map);
    }
    current = new HashMap<>();
    codec.readMap(in, current);
    presence = new HashMap<>();
    codec.readMap(in, presence);
  }
}
