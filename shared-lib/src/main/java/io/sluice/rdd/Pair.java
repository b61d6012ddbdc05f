package io.sluice.rdd;

import java.io.Serializable;
import java.util.Objects;

/**
 * A key and a value: the element type of {@link PairRdd}. Immutable and serializable when its key
 * and value are. The key is never {@code null}; the value may be (only {@link
 * PairRdd#leftOuterJoin} produces null values itself). Keys are grouped by {@code equals} and
 * partitioned by {@code hashCode}, so a key type needs value-based, JVM-independent versions of both
 * (strings, boxed numbers, records of those; enums are handled; arrays are rejected).
 *
 * <pre>{@code
 * Pair<String, Long> p = Pair.of("DataNode", 3L);
 * }</pre>
 */
public record Pair<K, V>(K key, V value) implements Serializable {

  public Pair {
    Objects.requireNonNull(key, "a Pair's key is never null");
  }

  public static <K, V> Pair<K, V> of(K key, V value) {
    return new Pair<>(key, value);
  }

  /** Orders pairs by key, ascending. */
  public static <K extends Comparable<? super K>, V> CompareFn<Pair<K, V>> byKey() {
    return (a, b) -> a.key().compareTo(b.key());
  }

  /** Orders pairs by value, ascending; values must be non-null. */
  public static <K, V extends Comparable<? super V>> CompareFn<Pair<K, V>> byValue() {
    return (a, b) -> a.value().compareTo(b.value());
  }

  @Override
  public String toString() {
    return "(" + key + ", " + value + ")";
  }
}
