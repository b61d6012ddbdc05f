package io.sluice.batch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.batch.BatchConfigKeys;
import io.sluice.functions.LogFunctions;
import io.sluice.functions.TextFunctions;
import io.sluice.rdd.Action;
import io.sluice.rdd.Config;
import io.sluice.rdd.Engine;
import io.sluice.rdd.OperatorException;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MapReduce engine on the local job runner and the local file system, against the in-process engine. */
@Timeout(120)
class MapReduceEngineTest {

  @TempDir
  static Path tmp;

  static MapReduceEngine mr;
  static Engine local;

  @BeforeAll
  static void start() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set(BatchConfigKeys.WORK_DIR_KEY, tmp.resolve("work").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", tmp.resolve("staging").toString());
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop").toString());
    mr = new MapReduceEngine(conf);
    local = Engine.inProcess(Config.of(Map.of()));
  }

  @AfterAll
  static void stop() {
    local.close();
    mr.close();
  }

  static final List<String> LOG = List.of(
      "2026-11-20 10:15:02,123 ERROR org.apache.hadoop.hdfs.DataNode: disk full",
      "2026-11-20 10:15:03,123 INFO org.apache.hadoop.hdfs.DataNode: ok",
      "garbage line",
      "2026-11-20 10:16:02,123 ERROR org.apache.hadoop.yarn.NodeManager: lost",
      "2026-11-20 10:17:02,123 FATAL org.apache.hadoop.hdfs.DataNode: dead",
      "2026-11-20 10:18:02,123 WARN org.apache.hadoop.yarn.NodeManager: slow");

  @Test
  void wordCountMatchesInProcess() {
    List<String> lines = List.of("a b c", "b c", "C d", "", "a");
    RunResult<List<Pair<String, Long>>> expected =
        TextFunctions.wordCount(local.parallelize(lines, 3)).run(Action.collect());
    RunResult<List<Pair<String, Long>>> run =
        TextFunctions.wordCount(mr.parallelize(lines, 3)).run(Action.collect());
    assertThat(toMap(run.value())).isEqualTo(toMap(expected.value()));
    assertThat(run.counters().get("words.records")).isEqualTo(8)
        .isEqualTo(expected.counters().get("words.records"));
    assertThat(run.counters().get(TextFunctions.WORD_COUNT + ".records")).isEqualTo(4);
  }

  @Test
  void mapOnlyFilterKeepsOrderAndCountsDeadLetters() {
    RunResult<List<String>> run =
        LogFunctions.filterErrors(mr.parallelize(LOG, 2)).run(Action.collect());
    assertThat(run.value()).containsExactlyElementsOf(LogFunctions.filterErrors(local.parallelize(LOG, 2)).collect());
    assertThat(run.counters().get(LogFunctions.FILTER_ERRORS + ".malformed")).isEqualTo(1);
  }

  @Test
  void chainOfShufflesJoinAndUnion() {
    PairRdd<String, Long> perLogger = LogFunctions.errorsPerLogger(mr.parallelize(LOG, 2));
    // a second shuffle over the first: loggers per error count
    Map<Long, List<String>> byCount = perLogger.mapToPair(p -> Pair.of(p.value(), p.key())).groupByKey()
        .collectAsMap();
    assertThat(byCount).containsOnlyKeys(1L, 2L);
    assertThat(byCount.get(2L)).containsExactly("org.apache.hadoop.hdfs.DataNode");

    PairRdd<String, String> owners = mr.parallelize(List.of(
        Pair.of("org.apache.hadoop.hdfs.DataNode", "storage"),
        Pair.of("org.apache.hadoop.yarn.ResourceManager", "compute")), 1).mapToPair(p -> p);
    Map<String, Pair<Long, String>> joined = perLogger.join(owners).collectAsMap();
    assertThat(joined).containsExactly(Map.entry("org.apache.hadoop.hdfs.DataNode", Pair.of(2L, "storage")));
    assertThat(perLogger.leftOuterJoin(owners).collectAsMap()).hasSize(2);

    // a union of a shuffle's output with a source: a final map-only job reads intermediate files
    List<Pair<String, Long>> union = perLogger.union(mr.parallelize(List.of(Pair.of("x", 9L)), 1)
        .mapToPair(p -> p)).collect();
    assertThat(union).hasSize(3).contains(Pair.of("x", 9L));
  }

  @Test
  void sortByKeyOnOneReducer() {
    List<Pair<Integer, String>> pairs = new ArrayList<>();
    for (int i = 20; i > 0; i--) {
      pairs.add(Pair.of(i % 7, "v" + i));
    }
    List<Integer> keys = mr.parallelize(pairs, 3).mapToPair(p -> p).sortByKey().keys().collect();
    assertThat(keys).isSorted().hasSize(20);
  }

  @Test
  void taskFailureComesBackAsOperatorException() {
    Rdd<Integer> numbers = mr.parallelize(List.of(1, 2, 0, 4), 2);
    assertThatThrownBy(() -> numbers.map(n -> 10 / n).named("divide").collect())
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("operator 'divide' failed in partition 1")
        .hasRootCauseInstanceOf(ArithmeticException.class);
  }

  @Test
  void unserializableFunctionFailsBeforeSubmitting() {
    Object notSerializable = new Object();
    Rdd<Integer> numbers = mr.parallelize(List.of(1, 2), 1);
    assertThatThrownBy(() -> numbers.map(n -> n + notSerializable.hashCode()).named("capture").count())
        .hasMessageContaining("operator 'capture'");
  }

  static <K extends Comparable<K>, V> Map<K, V> toMap(List<Pair<K, V>> pairs) {
    Map<K, V> map = new TreeMap<>();
    pairs.forEach(p -> map.put(p.key(), p.value()));
    return map;
  }
}
