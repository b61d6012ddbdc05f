package io.sluice.streaming;

import io.sluice.rdd.Pair;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * How {@link DStream#saveToHBase} turns an element into one HBase row. Sluice sets every cell's
 * timestamp to the batch time. Runs in engine tasks: serializable, like every shared-lib function.
 *
 * <pre>{@code
 * counts.saveToHBase("errors", (pair, row) -> row.key(pair.key()).put("s", "count", pair.value()));
 * }</pre>
 */
@FunctionalInterface
public interface HBaseMapping<T> extends Serializable {

  /** Fills {@code row} (key and cells) for {@code element}; leave the key unset to write nothing. */
  void toRow(T element, HBaseRow row) throws Exception;

  /** Row key {@code key.toString()}, one cell {@code family:qualifier} holding the value as a long. */
  static <K> HBaseMapping<Pair<K, Long>> longValues(String family, String qualifier) {
    return (pair, row) -> row.key(pair.key().toString()).put(family, qualifier, pair.value());
  }

  /** Row key {@code key.toString()}, one cell holding {@code value.toString()} in UTF-8. */
  static <K, V> HBaseMapping<Pair<K, V>> stringValues(String family, String qualifier) {
    return (pair, row) -> row.key(pair.key().toString())
        .put(family, qualifier, pair.value().toString().getBytes(StandardCharsets.UTF_8));
  }
}
