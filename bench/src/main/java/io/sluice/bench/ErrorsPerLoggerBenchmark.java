package io.sluice.bench;

import io.sluice.examples.LogLines;

import io.sluice.functions.LogFunctions;
import io.sluice.rdd.Config;
import io.sluice.rdd.Engine;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.RddConfigKeys;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code LogFunctions.errorsPerLogger} (filterErrors + count per logger, map-side combined) over
 * 10 M in-memory log lines on the in-process engine with 2 threads. Scores are lines per second:
 * one invocation processes {@value #LINES} lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ErrorsPerLoggerBenchmark.LINES)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ErrorsPerLoggerBenchmark {

  static final int LINES = 10_000_000;

  @Param("2")
  public int threads;

  @Param("4")
  public int partitions;

  private Engine engine;
  private Rdd<String> lines;

  @Setup(Level.Trial)
  public void setUp() {
    List<String> generated = LogLines.generate(LINES, 42);
    engine = Engine.inProcess(Config.of(Map.of(RddConfigKeys.ENGINE_THREADS_KEY,
        Integer.toString(threads))));
    lines = engine.parallelize(generated, partitions);
    long errors = LogFunctions.errorsPerLogger(lines).values().fold(0L, Long::sum);
    if (errors < LINES * 0.04 || errors > LINES * 0.06) {
      throw new IllegalStateException("expected about 5 % errors, got " + errors);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  @Benchmark
  public Map<String, Long> errorsPerLogger() {
    return LogFunctions.errorsPerLogger(lines).collectAsMap();
  }
}
