package io.sluice.functions;

import io.sluice.rdd.Counter;
import io.sluice.rdd.Emitter;
import io.sluice.rdd.FilterFn;
import io.sluice.rdd.FlatMapFn;
import io.sluice.rdd.MapFn;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.TaskContext;
import java.util.Objects;

/**
 * Lines parsed into records, and the lines that did not parse: bad input is never silently
 * dropped and never crashes a job. Every malformed line increments the counter
 * {@code <operator>.malformed} (read it from the action's {@link io.sluice.rdd.RunResult}) and is an
 * element of {@link #deadLetters()}, a dataset to write wherever dead letters go (an HDFS folder, a
 * table). Both datasets are lazy: computing the dead letters reads the input again.
 *
 * <p>A parser is a {@link MapFn} from line to record that returns {@code null} (or throws) for a
 * malformed line; it must be serializable like every function.
 *
 * <pre>{@code
 * Parsed<OrderEvent> orders = Parsed.of(lines, "parse-orders", OrderEvent::parse);
 * orders.records().filter(o -> o.status().equals("PAID")).count();
 * orders.deadLetters().writeTo(deadLetterSink);
 * }</pre>
 */
public record Parsed<T>(Rdd<T> records, Rdd<String> deadLetters) {

  public Parsed {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /** Parses {@code lines} with {@code parser}; the records operator is named {@code name}. */
  public static <T> Parsed<T> of(Rdd<String> lines, String name, MapFn<String, T> parser) {
    return new Parsed<>(lines.flatMap(new ParseOrCount<>(parser)).named(name),
        deadLetters(lines, name, parser));
  }

  /**
   * The lines whose parsed form {@code keep} accepts, unchanged; malformed lines are counted as
   * {@code <name>.malformed}. For functions that return lines, like {@code filterErrors}.
   */
  public static <T> Rdd<String> filter(Rdd<String> lines, String name, MapFn<String, T> parser,
      FilterFn<? super T> keep) {
    return lines.filter(new KeepIf<>(parser, keep)).named(name);
  }

  /** The lines {@code parser} rejects, in an operator named {@code <name>.dead-letters}. */
  public static Rdd<String> deadLetters(Rdd<String> lines, String name, MapFn<String, ?> parser) {
    return lines.filter(new Malformed(parser)).named(name + ".dead-letters");
  }

  /** {@code null} for a line the parser rejects or fails on; the failure means "malformed". */
  static <T> T tryParse(MapFn<String, T> parser, String line) {
    try {
      return parser.apply(line);
    } catch (Exception e) {
      return null;
    }
  }

  /** Counts into {@code <operator>.malformed}; base of the parsing operators. */
  private abstract static class Counting<T> implements java.io.Serializable {
    final MapFn<String, T> parser;
    transient Counter malformed;

    Counting(MapFn<String, T> parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
    }

    void openCounting(TaskContext context) throws Exception {
      parser.open(context);
      malformed = context.counter(context.operatorName() + ".malformed");
    }

    T parseOrCount(String line) {
      T record = tryParse(parser, line);
      if (record == null) {
        malformed.increment();
      }
      return record;
    }
  }

  private static final class ParseOrCount<T> extends Counting<T> implements FlatMapFn<String, T> {
    ParseOrCount(MapFn<String, T> parser) {
      super(parser);
    }

    @Override
    public void open(TaskContext context) throws Exception {
      openCounting(context);
    }

    @Override
    public void apply(String line, Emitter<T> out) {
      T record = parseOrCount(line);
      if (record != null) {
        out.emit(record);
      }
    }

    @Override
    public void close() throws Exception {
      parser.close();
    }
  }

  private static final class KeepIf<T> extends Counting<T> implements FilterFn<String> {
    private final FilterFn<? super T> keep;

    KeepIf(MapFn<String, T> parser, FilterFn<? super T> keep) {
      super(parser);
      this.keep = Objects.requireNonNull(keep, "keep");
    }

    @Override
    public void open(TaskContext context) throws Exception {
      openCounting(context);
      keep.open(context);
    }

    @Override
    public boolean test(String line) throws Exception {
      T record = parseOrCount(line);
      return record != null && keep.test(record);
    }

    @Override
    public void close() throws Exception {
      try {
        keep.close();
      } finally {
        parser.close();
      }
    }
  }

  private static final class Malformed implements FilterFn<String> {
    private final MapFn<String, ?> parser;

    Malformed(MapFn<String, ?> parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public void open(TaskContext context) throws Exception {
      parser.open(context);
    }

    @Override
    public boolean test(String line) {
      return tryParse(parser, line) == null;
    }

    @Override
    public void close() throws Exception {
      parser.close();
    }
  }
}
