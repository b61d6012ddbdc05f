package io.sluice.rdd;

import java.util.Comparator;

/**
 * A serializable {@link Comparator} for {@link PairRdd#sortByKey}, {@link Rdd#top} and
 * {@link Rdd#takeOrdered}. Lifecycle and serializability: {@link Fn}.
 *
 * <pre>{@code
 * List<Pair<String, Long>> busiest = counts.top(10, Pair.byValue());
 * }</pre>
 */
@FunctionalInterface
public interface CompareFn<T> extends Comparator<T>, Fn {

  /** Natural ascending order; elements must be {@link Comparable}. */
  static <T extends Comparable<? super T>> CompareFn<T> natural() {
    return Comparable::compareTo;
  }

  /** This order reversed, still serializable (unlike {@link Comparator#reversed()}). */
  @Override
  default CompareFn<T> reversed() {
    CompareFn<T> order = this;
    return (a, b) -> order.compare(b, a);
  }
}
