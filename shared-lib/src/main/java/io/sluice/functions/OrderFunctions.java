package io.sluice.functions;

import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;

/**
 * Analyses of order-status events ({@link OrderEvent}), shared by the speed and batch layers.
 * Malformed lines are counted as {@code <operator>.malformed} and available from {@link #deadLetters}.
 *
 * <pre>{@code
 * PairRdd<StatusMinute, Long> perMinute = OrderFunctions.countsPerStatusPerMinute(lines);
 * }</pre>
 */
public final class OrderFunctions {

  public static final String PARSE = "parse-orders";
  public static final String STATUS_PER_MINUTE = "status-per-minute";

  private OrderFunctions() {
  }

  /** Every line parsed, plus malformed ones as dead letters (counted as {@code parse-orders.malformed}). */
  public static Parsed<OrderEvent> parse(Rdd<String> lines) {
    return Parsed.of(lines, PARSE, OrderEvent::parse);
  }

  /** The malformed lines, for a dead-letter output. */
  public static Rdd<String> deadLetters(Rdd<String> lines) {
    return parse(lines).deadLetters();
  }

  /**
   * Events per status and UTC minute of event time; malformed lines are counted as
   * {@code parse-orders.malformed}.
   */
  public static PairRdd<StatusMinute, Long> countsPerStatusPerMinute(Rdd<String> lines) {
    return parse(lines).records()
        .mapToPair(event -> Pair.of(StatusMinute.of(event), 1L))
        .reduceByKey(Long::sum).named(STATUS_PER_MINUTE);
  }
}
