package io.sluice.streaming.internal;

import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import io.sluice.streaming.State;
import io.sluice.streaming.StateSpec;
import io.sluice.streaming.UpdateStateFn;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keyed state across batches, for {@code updateStateByKey} (emits every key's state each batch) and
 * {@code mapWithState} (emits what its function returns, times out idle keys). The state lives on
 * the driver, is updated one key at a time in batch order, and is checkpointed after each batch.
 */
public final class KeyedStateNode<K, V, S, R> extends DStreamNode<R> implements StatefulNode {
  private final DStreamNode<Pair<K, V>> parent;
  private final UpdateStateFn<V, S> update;
  private final StateSpec<K, V, S, R> spec;
  private Map<K, Entry<S>> state = new HashMap<>();

  private record Entry<S>(S value, long lastSeen) {}

  private KeyedStateNode(StreamGraph graph, String name, DStreamNode<Pair<K, V>> parent,
      UpdateStateFn<V, S> update, StateSpec<K, V, S, R> spec) {
    super(graph, name, List.of(parent));
    this.parent = parent;
    this.update = update;
    this.spec = spec;
  }

  public static <K, V, S> KeyedStateNode<K, V, S, Pair<K, S>> updating(StreamGraph graph, String name,
      DStreamNode<Pair<K, V>> parent, UpdateStateFn<V, S> update) {
    return new KeyedStateNode<>(graph, name, parent, update, null);
  }

  public static <K, V, S, R> KeyedStateNode<K, V, S, R> mapping(StreamGraph graph, String name,
      DStreamNode<Pair<K, V>> parent, StateSpec<K, V, S, R> spec) {
    return new KeyedStateNode<>(graph, name, parent, null, spec);
  }

  @Override
  public String kind() {
    return update != null ? "updateStateByKey" : "mapWithState";
  }

  @Override
  protected Rdd<R> compute(long time) {
    Map<K, List<V>> values = PairRdd.of(parent.at(time)).groupByKey().collectAsMap();
    try {
      return update != null ? update(values, time) : map(values, time);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("state function of '" + name() + "' failed at batch " + time
          + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private Rdd<R> update(Map<K, List<V>> values, long time) throws Exception {
    Set<K> keys = new LinkedHashSet<>(state.keySet());
    keys.addAll(values.keySet());
    Map<K, Entry<S>> next = new HashMap<>(keys.size() * 2);
    List<Pair<K, S>> out = new ArrayList<>(keys.size());
    for (K key : keys) {
      Entry<S> old = state.get(key);
      List<V> batch = values.getOrDefault(key, List.of());
      S updated = update.update(batch, Optional.ofNullable(old == null ? null : old.value()));
      if (updated != null) {
        next.put(key, new Entry<>(updated, batch.isEmpty() && old != null ? old.lastSeen() : time));
        out.add(Pair.of(key, updated));
      }
    }
    state = next;
    return (Rdd<R>) Materialize.list(graph().engine(), name(), out);
  }

  private Rdd<R> map(Map<K, List<V>> values, long time) throws Exception {
    List<R> out = new ArrayList<>();
    for (Map.Entry<K, List<V>> e : values.entrySet()) {
      KeyState handle = new KeyState(e.getKey(), false);
      for (V value : e.getValue()) {
        R emitted = spec.fn().apply(e.getKey(), Optional.of(value), handle);
        if (emitted != null) {
          out.add(emitted);
        }
      }
      handle.apply(time);
    }
    long timeout = spec.timeoutMillis();
    if (timeout > 0) {
      List<K> idle = new ArrayList<>();
      for (Map.Entry<K, Entry<S>> e : state.entrySet()) {
        if (e.getValue().lastSeen() <= time - timeout) {
          idle.add(e.getKey());
        }
      }
      for (K key : idle) {
        KeyState handle = new KeyState(key, true);
        R emitted = spec.fn().apply(key, Optional.empty(), handle);
        if (emitted != null) {
          out.add(emitted);
        }
        state.remove(key);
      }
    }
    return Materialize.list(graph().engine(), name(), out);
  }

  /** The State a mapping function sees for one key during one batch. */
  private final class KeyState implements State<S> {
    private final K key;
    private final boolean timingOut;
    private S value;
    private boolean exists;

    KeyState(K key, boolean timingOut) {
      this.key = key;
      this.timingOut = timingOut;
      Entry<S> entry = state.get(key);
      this.exists = entry != null;
      this.value = entry == null ? null : entry.value();
    }

    @Override
    public boolean exists() {
      return exists;
    }

    @Override
    public S get() {
      if (!exists) {
        throw new java.util.NoSuchElementException("no state for key " + key);
      }
      return value;
    }

    @Override
    public void update(S newState) {
      if (timingOut) {
        throw new IllegalStateException("cannot update the state of key " + key + ": it is timing out");
      }
      if (newState == null) {
        throw new NullPointerException("state must not be null; use remove()");
      }
      value = newState;
      exists = true;
    }

    @Override
    public void remove() {
      value = null;
      exists = false;
    }

    @Override
    public boolean isTimingOut() {
      return timingOut;
    }

    /** A key with data this batch counts as seen, whatever its function did. */
    void apply(long time) {
      if (!exists) {
        state.remove(key);
      } else {
        state.put(key, new Entry<>(value, time));
      }
    }
  }

  @Override
  public void saveState(DataOutput out) throws IOException {
    StateCodec codec = new StateCodec();
    out.writeInt(state.size());
    for (Map.Entry<K, Entry<S>> e : state.entrySet()) {
      codec.write(e.getKey(), out);
      codec.write(e.getValue().value(), out);
      out.writeLong(e.getValue().lastSeen());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restoreState(DataInput in, long asOfTime) throws IOException {
    StateCodec codec = new StateCodec();
    Map<K, Entry<S>> restored = new HashMap<>();
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      K key = (K) codec.read(in);
      S value = (S) codec.read(in);
      restored.put(key, new Entry<>(value, in.readLong()));
    }
    state = restored;
  }
}
