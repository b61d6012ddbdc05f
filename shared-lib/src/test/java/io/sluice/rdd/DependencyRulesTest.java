package io.sluice.rdd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dependency arrows of DESIGN.md and STYLE.md, checked on the sources (a small import-control). */
class DependencyRulesTest {

  private static final Path MAIN = Path.of("src", "main", "java");

  @Test
  void sharedLibUsesNoHadoopStreamingOrBatchTypes() throws IOException {
    assertThat(importsMatching("", "import org.apache.hadoop", "import io.sluice.streaming",
        "import io.sluice.batch", "import io.sluice.yarn", "import io.sluice.flume",
        "import org.apache.log4j", "import org.apache.logging")).isEmpty();
  }

  @Test
  void functionLibraryAndRecordsUseOnlyThePublicApi() throws IOException {
    assertThat(importsMatching("io/sluice/functions", "import io.sluice.rdd.internal",
        "import io.sluice.rdd.plan")).isEmpty();
    assertThat(importsMatching("io/sluice/records", "import io.sluice.rdd.internal")).isEmpty();
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      List<Path> missing = dirs.filter(Files::isDirectory)
          .filter(dir -> hasJava(dir) && !Files.exists(dir.resolve("package-info.java"))).toList();
      assertThat(missing).isEmpty();
    }
  }

  private static boolean hasJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> importsMatching(String under, String... prefixes) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve(under))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          for (String prefix : prefixes) {
            if (line.startsWith(prefix)) {
              found.add(file + ": " + line);
            }
          }
        }
      }
    }
    return found;
  }
}
