package io.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sluice.rdd.Pair;
import io.sluice.rdd.testkit.TestKit;
import io.sluice.rdd.testkit.TestKit.TestRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFunctionsTest {

  static final String E1 = "2026-11-20 10:15:02,123 ERROR org.apache.hadoop.hdfs.DataNode: disk failed";
  static final String E2 = "2026-11-20 10:15:03,001 ERROR org.apache.hadoop.ipc.Server: auth failed";
  static final String E3 = "2026-11-20 10:15:04,500 FATAL org.apache.hadoop.hdfs.DataNode: shutting down";
  static final String I1 = "2026-11-20 10:15:02,200 INFO org.apache.hadoop.ipc.Server: started";
  static final String W1 = "2026-11-20 10:15:02,300 WARN org.apache.hadoop.ipc.Client: retrying";
  static final String BAD1 = "this is not a log line ERROR";
  static final String BAD2 = "2026-11-20 10:15:02,123 ERROR";

  static final List<String> LINES = List.of(I1, E1, BAD1, W1, E2, BAD2, E3);

  @Test
  void filterErrorsKeepsErrorAndFatalLinesInOrder() {
    assertThat(TestKit.run(LogFunctions::filterErrors, LINES)).containsExactly(E1, E2, E3);
  }

  @Test
  void filterErrorsCountsMalformedLines() {
    TestRun<String> run = TestKit.runWithCounters(LogFunctions::filterErrors, LINES);
    assertThat(run.output()).containsExactly(E1, E2, E3);
    assertThat(run.counter("filter-errors.malformed")).isEqualTo(2);
  }

  @Test
  void deadLettersAreTheMalformedLines() {
    assertThat(TestKit.run(LogFunctions::deadLetters, LINES)).containsExactly(BAD1, BAD2);
  }

  @Test
  void parseSplitsRecordsAndDeadLetters() {
    Parsed<LogLine> parsed = LogFunctions.parse(TestKit.rdd(LINES));
    assertThat(parsed.records().map(LogLine::logger).collect()).containsExactly(
        "org.apache.hadoop.ipc.Server", "org.apache.hadoop.hdfs.DataNode", "org.apache.hadoop.ipc.Client",
        "org.apache.hadoop.ipc.Server", "org.apache.hadoop.hdfs.DataNode");
    assertThat(parsed.deadLetters().collect()).containsExactly(BAD1, BAD2);
  }

  @Test
  void countsPerLevel() {
    TestRun<Pair<String, Long>> run = TestKit.runWithCounters(LogFunctions::countsPerLevel, LINES);
    assertThat(run.output()).containsExactlyInAnyOrder(
        Pair.of("INFO", 1L), Pair.of("WARN", 1L), Pair.of("ERROR", 2L), Pair.of("FATAL", 1L));
    assertThat(run.counter("counts-per-level.parse.malformed")).isEqualTo(2);
  }

  @Test
  void errorsPerLogger() {
    assertThat(TestKit.runToMap(LogFunctions::errorsPerLogger, LINES)).containsOnly(
        entry("org.apache.hadoop.hdfs.DataNode", 2L), entry("org.apache.hadoop.ipc.Server", 1L));
  }

  @Test
  void topErrorLoggersOrdersByCountThenName() {
    List<String> lines = List.of(E2, E1, E3, E1.replace("DataNode", "NameNode"),
        E2.replace("Server", "Client"));
    assertThat(LogFunctions.topErrorLoggers(TestKit.rdd(lines), 2)).containsExactly(
        Pair.of("org.apache.hadoop.hdfs.DataNode", 2L), Pair.of("org.apache.hadoop.hdfs.NameNode", 1L));
  }

  @Test
  void onlyMalformedOrEmptyInputNeverFails() {
    assertThat(TestKit.run(LogFunctions::filterErrors, List.of(BAD1, "", " "))).isEmpty();
    assertThat(TestKit.run(LogFunctions::errorsPerLogger, List.<String>of())).isEmpty();
  }
}
