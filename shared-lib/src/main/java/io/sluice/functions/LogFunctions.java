package io.sluice.functions;

import io.sluice.functions.LogLine.Level;
import io.sluice.rdd.CompareFn;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import java.util.List;

/**
 * Analyses of log4j / Hadoop log lines ({@link LogLine}), written once and run unchanged on a list
 * in a test, on every micro-batch ({@code lines.transform(LogFunctions::filterErrors)}) and in a
 * batch job over the archive. Malformed lines never fail a job: each function counts them as
 * {@code <operator>.malformed}, and {@link #deadLetters} yields them for a dead-letter output.
 *
 * <pre>{@code
 * Map<String, Long> perLogger = LogFunctions.errorsPerLogger(lines).collectAsMap();
 * }</pre>
 */
public final class LogFunctions {

  /** Operator names; counters and errors use them. */
  public static final String FILTER_ERRORS = "filter-errors";
  public static final String PARSE = "parse-log";
  public static final String COUNTS_PER_LEVEL = "counts-per-level";
  public static final String ERRORS_PER_LOGGER = "errors-per-logger";

  private LogFunctions() {
  }

  /** Every line parsed, plus the malformed ones as dead letters (counted as {@code parse-log.malformed}). */
  public static Parsed<LogLine> parse(Rdd<String> lines) {
    return Parsed.of(lines, PARSE, LogLine::parse);
  }

  /**
   * The lines at level ERROR or FATAL, unchanged and in order; malformed lines are counted as
   * {@code filter-errors.malformed}. Reads only up to the logger name, allocating nothing per line.
   */
  public static Rdd<String> filterErrors(Rdd<String> lines) {
    return Parsed.filter(lines, FILTER_ERRORS, LogLine::level, Level::isError);
  }

  /** The malformed lines, for a dead-letter output. */
  public static Rdd<String> deadLetters(Rdd<String> lines) {
    return Parsed.deadLetters(lines, PARSE, LogLine::level);
  }

  /** Lines per level name ({@code "INFO"} ...); malformed ones counted as {@code counts-per-level.parse.malformed}. */
  public static PairRdd<String, Long> countsPerLevel(Rdd<String> lines) {
    return Parsed.of(lines, COUNTS_PER_LEVEL + ".parse", LogLine::level).records()
        .mapToPair(level -> Pair.of(level.name(), 1L))
        .reduceByKey(Long::sum).named(COUNTS_PER_LEVEL);
  }

  /** ERROR and FATAL lines per logger; combined map-side, so only one count per logger and task moves. */
  public static PairRdd<String, Long> errorsPerLogger(Rdd<String> lines) {
    return filterErrors(lines)
        .mapToPair(line -> Pair.of(LogLine.logger(line), 1L))
        .reduceByKey(Long::sum).named(ERRORS_PER_LOGGER);
  }

  /**
   * The {@code k} loggers with the most errors, most first (ties by logger name). An action: it runs
   * the plan; in streaming, call it inside {@code foreachRdd}.
   */
  public static List<Pair<String, Long>> topErrorLoggers(Rdd<String> lines, int k) {
    CompareFn<Pair<String, Long>> byCountThenName = (a, b) -> {
      int byCount = Long.compare(a.value(), b.value());
      return byCount != 0 ? byCount : b.key().compareTo(a.key());
    };
    return errorsPerLogger(lines).top(k, byCountThenName);
  }
}
