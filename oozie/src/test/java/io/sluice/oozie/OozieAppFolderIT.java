package io.sluice.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application folder (runs after {@code package}): the files Oozie needs, and lib/
 * with the batch jar and its non-Hadoop dependencies, without Hadoop's own jars.
 */
class OozieAppFolderIT {

  static final Path APP = Path.of("target/oozie-app");

  @Test
  void folderHoldsTheAppAndItsLibraries() throws IOException {
    for (String file : List.of("workflow.xml", "coordinator.xml", "job.properties")) {
      assertThat(APP.resolve(file)).isRegularFile();
    }
    List<String> jars;
    try (Stream<Path> lib = Files.list(APP.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(jars).anyMatch(j -> j.startsWith("sluice-batch-"))
        .anyMatch(j -> j.startsWith("sluice-shared-lib-"))
        .anyMatch(j -> j.startsWith("parquet-avro-"))
        .anyMatch(j -> j.startsWith("parquet-hadoop-"))
        .anyMatch(j -> j.startsWith("avro-"))
        .anyMatch(j -> j.startsWith("hbase-client-"))
        .noneMatch(j -> j.startsWith("hadoop-"))
        .noneMatch(j -> j.startsWith("junit") || j.startsWith("oozie-client"))
        .allMatch(j -> j.endsWith(".jar"));
  }
}
