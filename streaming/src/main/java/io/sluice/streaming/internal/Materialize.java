package io.sluice.streaming.internal;

import io.sluice.rdd.Engine;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns state held on the driver back into datasets. */
final class Materialize {
  private static final int PARTITIONS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private Materialize() {}

  static <K, V> PairRdd<K, V> pairs(Engine engine, String name, Map<K, V> map) {
    List<Pair<K, V>> pairs = new ArrayList<>(map.size());
    for (Map.Entry<K, V> e : map.entrySet()) {
      pairs.add(Pair.of(e.getKey(), e.getValue()));
    }
    return PairRdd.of(list(engine, name, pairs));
  }

  static <T> Rdd<T> list(Engine engine, String name, List<T> elements) {
    int partitions = Math.max(1, Math.min(PARTITIONS, elements.size() / 1024));
    return engine.parallelize(elements, partitions).named(name);
  }
}
