package io.sluice.rdd;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counter totals of one run, read after the action returned ({@link RunResult#counters()}).
 * Immutable. Besides user counters, engines count the elements each operator produced as
 * {@code <operator name>.records}.
 */
public final class Counters {

  private static final Counters EMPTY = new Counters(Map.of());

  private final Map<String, Long> values;

  private Counters(Map<String, Long> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static Counters of(Map<String, Long> values) {
    return values.isEmpty() ? EMPTY : new Counters(values);
  }

  public static Counters empty() {
    return EMPTY;
  }

  /** The total of {@code name}, 0 when no task touched it. */
  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  /** All totals, sorted by name. */
  public Map<String, Long> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
