package io.sluice.rdd;

/**
 * Turns an element into a key/value {@link Pair} ({@link Rdd#mapToPair}).
 * Lifecycle and serializability: {@link Fn}.
 *
 * <pre>{@code
 * PairRdd<String, Long> ones = words.mapToPair(w -> Pair.of(w, 1L));
 * }</pre>
 */
@FunctionalInterface
public interface PairFn<T, K, V> extends MapFn<T, Pair<K, V>> {
}
