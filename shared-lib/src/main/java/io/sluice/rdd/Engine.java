package io.sluice.rdd;

import io.sluice.rdd.internal.InProcessEngine;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.SourceNode;
import java.time.Clock;
import java.util.List;

/**
 * Runs the plans that {@link Rdd}s describe, and creates the first Rdds of a program. Two engines
 * exist: the in-process one here ({@link #inProcess}; partitions in parallel on a thread pool of
 * the current JVM, used by every streaming micro-batch and by small batch jobs) and the MapReduce
 * one in the batch module. User code should not care which one runs it.
 *
 * <p>An engine is thread-safe: several threads may run actions at once. Actions must not be called
 * from inside a user function (an in-process engine rejects it, as it would deadlock). Close it
 * when done; closing stops its threads and fails later actions.
 *
 * <pre>{@code
 * try (Engine engine = Engine.inProcess(Config.empty())) {
 *   Rdd<String> lines = engine.parallelize(List.of("a b", "b c"), 2);
 *   Map<String, Long> counts = TextFunctions.wordCount(lines).collectAsMap();
 * }
 * }</pre>
 */
public interface Engine extends AutoCloseable {

  /**
   * An in-process engine with a pool of {@link RddConfigKeys#ENGINE_THREADS_KEY} threads and the
   * system UTC clock.
   */
  static Engine inProcess(Config config) {
    return inProcess(config, Clock.systemUTC());
  }

  /** An in-process engine whose tasks see {@code clock} ({@link TaskContext#clock()}); for tests. */
  static Engine inProcess(Config config, Clock clock) {
    return new InProcessEngine(config, clock);
  }

  /** The configuration functions see through {@link TaskContext#config()}. */
  Config config();

  /**
   * How many tasks this engine runs at once, for sources deciding how finely to split their data;
   * the processors of this machine unless an engine knows better.
   */
  default int parallelism() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Runs {@code action} over the dataset {@code plan} describes and returns its result once every
   * task finished. Rdd's actions call this; engines implement it.
   *
   * @throws OperatorException when a user function, source, sink or the action itself failed
   * @throws IllegalArgumentException when a function cannot be serialized (before any task runs)
   */
  <R> RunResult<R> run(PlanNode plan, Action<?, ?, R> action);

  /** Stops the engine's threads; running actions fail. */
  @Override
  void close();

  /**
   * A dataset of a copy of {@code elements}, split into {@code partitions} contiguous slices.
   * Elements must be non-null, and serializable if the plan is to run on a distributed engine.
   */
  default <T> Rdd<T> parallelize(List<T> elements, int partitions) {
    return read("parallelize", Source.of(elements, partitions));
  }

  /** A dataset read from {@code source}; {@code name} names the source operator. */
  default <T> Rdd<T> read(String name, Source<T> source) {
    return new Rdd<>(this, new SourceNode(name, source));
  }

  /**
   * The dataset a plan describes, for instance one deserialized from another process. The caller
   * vouches for the element type.
   */
  default <T> Rdd<T> fromPlan(PlanNode plan) {
    return new Rdd<>(this, plan);
  }
}
