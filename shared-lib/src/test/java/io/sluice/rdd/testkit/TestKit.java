package io.sluice.rdd.testkit;

import io.sluice.rdd.Action;
import io.sluice.rdd.Config;
import io.sluice.rdd.Counter;
import io.sluice.rdd.Counters;
import io.sluice.rdd.Engine;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.RddConfigKeys;
import io.sluice.rdd.RunResult;
import io.sluice.rdd.TaskContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs Rdd functions on small lists in an in-process engine shared by the whole test JVM, so a
 * function test is three lines:
 *
 * <pre>{@code
 * List<String> lines = List.of("2026-11-20 10:15:02,123 ERROR a.B: disk full", "not a log line");
 * assertThat(TestKit.run(LogFunctions::filterErrors, lines))
 *     .containsExactly("2026-11-20 10:15:02,123 ERROR a.B: disk full");
 * }</pre>
 *
 * Input is split into {@value #PARTITIONS} partitions (so tiny inputs also exercise empty
 * partitions) and run on 2 threads; functions go through the same serialization as on a cluster,
 * so a function that captures something non-serializable fails here too. Results of narrow
 * functions keep input order; after a shuffle, compare in any order or as a map.
 */
public final class TestKit {

  /** How many partitions test input is split into. */
  public static final int PARTITIONS = 3;

  private static final Engine ENGINE =
      Engine.inProcess(Config.of(Map.of(RddConfigKeys.ENGINE_THREADS_KEY, "2")));

  private TestKit() {
  }

  /** The shared engine; do not close it. */
  public static Engine engine() {
    return ENGINE;
  }

  /** A dataset of {@code elements} in {@value #PARTITIONS} partitions. */
  public static <T> Rdd<T> rdd(List<T> elements) {
    return ENGINE.parallelize(elements, PARTITIONS);
  }

  @SafeVarargs
  public static <T> Rdd<T> rdd(T... elements) {
    List<T> list = new ArrayList<>(elements.length);
    for (T element : elements) {
      list.add(element);
    }
    return rdd(list);
  }

  /** {@code fn} applied to a dataset of {@code input}, collected. */
  public static <T, R> List<R> run(Function<Rdd<T>, ? extends Rdd<R>> fn, List<T> input) {
    return fn.apply(rdd(input)).collect();
  }

  @SafeVarargs
  public static <T, R> List<R> run(Function<Rdd<T>, ? extends Rdd<R>> fn, T... input) {
    return fn.apply(rdd(input)).collect();
  }

  /** {@code fn}'s pairs as a map (for a repeated key the last value wins). */
  public static <T, K, V> Map<K, V> runToMap(Function<Rdd<T>, PairRdd<K, V>> fn, List<T> input) {
    return fn.apply(rdd(input)).collectAsMap();
  }

  /** {@code fn}'s output together with the counters of the run. */
  public static <T, R> TestRun<R> runWithCounters(Function<Rdd<T>, ? extends Rdd<R>> fn,
      List<T> input) {
    RunResult<List<R>> result = fn.apply(rdd(input)).run(Action.<R>collect());
    return new TestRun<>(result.value(), result.counters());
  }

  /** Output and counters of one run. */
  public record TestRun<R>(List<R> output, Counters counters) {
    public long counter(String name) {
      return counters.get(name);
    }
  }

  /**
   * A context for calling a function's {@code open} directly in a unit test; counters are kept in
   * {@link RecordingContext#counters()}.
   */
  public static RecordingContext context(String operatorName) {
    return new RecordingContext(operatorName, Config.empty(), Clock.systemUTC());
  }

  /** A {@link TaskContext} for partition 0 that records counters. Not thread-safe. */
  public static final class RecordingContext implements TaskContext {
    private final String operator;
    private final Config config;
    private final Clock clock;
    private final Map<String, long[]> counters = new HashMap<>();

    public RecordingContext(String operator, Config config, Clock clock) {
      this.operator = operator;
      this.config = config;
      this.clock = clock;
    }

    @Override
    public Config config() {
      return config;
    }

    @Override
    public Counter counter(String name) {
      long[] cell = counters.computeIfAbsent(name, n -> new long[1]);
      return delta -> cell[0] += delta;
    }

    @Override
    public String operatorName() {
      return operator;
    }

    @Override
    public int partition() {
      return 0;
    }

    @Override
    public String taskId() {
      return "test-" + operator;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    public Map<String, Long> counters() {
      Map<String, Long> out = new LinkedHashMap<>();
      counters.forEach((k, v) -> out.put(k, v[0]));
      return out;
    }
  }
}
