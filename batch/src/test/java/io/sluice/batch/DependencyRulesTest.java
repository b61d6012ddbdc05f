package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows of DESIGN.md's module table, for batch: it may use shared-lib, Hadoop, Parquet and
 * HBase's client, never streaming, yarn-am or flume-sink; and shared-lib's internals stay private.
 */
class DependencyRulesTest {

  @Test
  void batchImportsOnlyWhatItMayDependOn() throws IOException {
    List<String> forbidden = List.of("io.sluice.streaming", "io.sluice.yarn", "io.sluice.flume",
        "io.sluice.rdd.internal", "io.sluice.sandbox");
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import ")) {
            assertThat(forbidden).as(file + ": " + line).noneMatch(p -> line.contains(" " + p + "."));
          }
        }
      }
    }
  }
}
