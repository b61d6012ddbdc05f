package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.functions.LogFunctions;
import io.sluice.functions.OrderFunctions;
import io.sluice.functions.TextFunctions;
import io.sluice.rdd.Action;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.RunResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The shared-lib function library run through the in-process engine and through MapReduce on the
 * same input files (read by the same text source): every result and every dead-letter count must
 * be identical. Subclasses choose where MapReduce runs (local runner, MiniYARN) and where the
 * files live. Results are compared as sorted multisets: the engines order keys differently
 * (first seen vs. by encoded bytes), which the Rdd contract allows after a shuffle.
 */
abstract class EquivalenceContract {

  /** Configuration of the MapReduce side (file system, framework). */
  abstract Configuration conf();

  /** A folder of the test's own on {@link #conf()}'s default file system. */
  abstract String dir();

  private <T> void assertSame(String name, String[] files, Function<Rdd<String>, Rdd<T>> analysis) {
    RunResult<List<T>> expected;
    RunResult<List<T>> actual;
    try (BatchContext local = BatchContext.inProcess(conf());
         BatchContext mr = BatchContext.mapReduce(conf())) {
      expected = analysis.apply(local.textFile(files)).run(Action.<T>collect());
      actual = analysis.apply(mr.textFile(files)).run(Action.<T>collect());
    }
    assertThat(sorted(actual.value())).as(name).isEqualTo(sorted(expected.value()));
    assertThat(actual.value()).as(name).isNotEmpty();
    Map<String, Long> deadLetters = new HashMap<>();
    expected.counters().asMap().forEach((k, v) -> {
      if (k.endsWith(".malformed") || k.endsWith(".records")) {
        deadLetters.put(k, v);
      }
    });
    assertThat(actual.counters().asMap()).as(name + " counters").containsAllEntriesOf(deadLetters);
  }

  private static <T> List<String> sorted(List<T> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(String.valueOf(v)));
    out.sort(null);
    return out;
  }

  @Test
  void logFunctionsAreIdentical() throws IOException {
    String[] logs = {write("logs/a.log", logLines(1, 400)), write("logs/b.log", logLines(2, 300))};
    assertSame("filterErrors", logs, LogFunctions::filterErrors);
    assertSame("errorsPerLogger", logs, LogFunctions::errorsPerLogger);
  }

  @Test
  void orderStatusPerMinuteAndWordCountAreIdentical() throws IOException {
    String[] orders = {write("orders/a.csv", orderLines(3, 500))};
    assertSame("statusPerMinute", orders,
        lines -> OrderFunctions.countsPerStatusPerMinute(lines).map(p -> p)); // StatusMinute keys: Java fallback
    String[] text = {write("text/a.txt", logLines(4, 200))};
    assertSame("wordCount", text, TextFunctions::wordCount);
  }

  @Test
  void joinIsIdentical() throws IOException {
    String[] logs = {dir() + "/join/logs/*.log"};
    write("join/logs/a.log", logLines(5, 300));
    write("join/logs/b.log", logLines(6, 300));
    assertSame("join", logs, lines -> {
      PairRdd<String, Long> errors = LogFunctions.errorsPerLogger(lines);
      PairRdd<String, Long> levels = LogFunctions.countsPerLevel(lines)
          .mapToPair(p -> Pair.of(LOGGERS[Math.abs(p.key().hashCode()) % LOGGERS.length], p.value()));
      return errors.leftOuterJoin(levels.reduceByKey(Long::sum));
    });
  }

  static final String[] LOGGERS = {"org.apache.hadoop.hdfs.DataNode", "org.apache.hadoop.yarn.NodeManager",
      "io.sluice.Driver", "org.apache.hbase.RegionServer", "com.example.Shop"};
  static final String[] LEVELS = {"INFO", "INFO", "WARN", "ERROR", "FATAL", "DEBUG"};

  static List<String> logLines(long seed, int n) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(20) == 0) {
        lines.add("### truncated line " + i);
        continue;
      }
      lines.add(String.format("2026-11-20 10:%02d:%02d,%03d %s %s: event %d of Disk Full",
          random.nextInt(60), random.nextInt(60), random.nextInt(1000),
          LEVELS[random.nextInt(LEVELS.length)], LOGGERS[random.nextInt(LOGGERS.length)], i));
    }
    return lines;
  }

  static List<String> orderLines(long seed, int n) {
    Random random = new Random(seed);
    String[] statuses = {"CREATED", "PAID", "SHIPPED", "REFUNDED"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(random.nextInt(25) == 0 ? "bad,order"
          : String.format("2026-11-20T10:%02d:%02dZ,o-%d,%s,%d.%02d", random.nextInt(10),
              random.nextInt(60), i, statuses[random.nextInt(4)], random.nextInt(100), random.nextInt(100)));
    }
    return lines;
  }

  /** Writes {@code lines} to {@code <dir>/<name>}; returns the path. */
  String write(String name, List<String> lines) throws IOException {
    Path path = new Path(dir(), name);
    FileSystem fs = path.getFileSystem(conf());
    try (OutputStream out = fs.create(path, true)) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return path.toString();
  }
}
