package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchContextTest {

  @TempDir
  Path tmp;

  @Test
  void hoursFactorsOutTheSharedFolders() {
    assertThat(BatchContext.hours("/a", Instant.parse("2026-11-20T10:15:00Z"),
        Instant.parse("2026-11-20T12:00:00Z"))).isEqualTo("/a/2026/11/20/{10,11}");
    assertThat(BatchContext.hours("/a/", Instant.parse("2026-11-20T10:00:00Z"),
        Instant.parse("2026-11-20T10:00:01Z"))).isEqualTo("/a/2026/11/20/10");
    assertThat(BatchContext.hours("/a", Instant.parse("2026-11-30T23:00:00Z"),
        Instant.parse("2026-12-01T01:00:00Z"))).isEqualTo("/a/2026/{11/30/23,12/01/00}");
    assertThatThrownBy(() -> BatchContext.hours("/a", Instant.parse("2026-11-20T10:00:00Z"),
        Instant.parse("2026-11-20T10:00:00Z"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textFileReadsGlobsAndFoldersButSkipsHiddenFilesOnBothEngines() throws Exception {
    Files.createDirectories(tmp.resolve("in/sub"));
    Files.writeString(tmp.resolve("in/a.txt"), "a1\na2\n");
    Files.writeString(tmp.resolve("in/sub/b.txt"), "b1\n");
    Files.writeString(tmp.resolve("in/_SUCCESS"), "");
    Files.writeString(tmp.resolve("in/.c.txt.tmp"), "hidden\n");
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set(BatchConfigKeys.WORK_DIR_KEY, tmp.resolve("work").toString());
    try (BatchContext ctx = BatchContext.inProcess(conf)) {
      assertThat(ctx.textFile(tmp.resolve("in").toString()).collect()).containsExactly("a1", "a2", "b1");
      assertThat(ctx.textFile(tmp.resolve("in") + "/*.txt").collect()).containsExactly("a1", "a2");
      assertThatThrownBy(() -> ctx.textFile(tmp.resolve("nothing") + "/*"))
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining("nothing");
    }
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      assertThat(ctx.textFile(tmp.resolve("in").toString()).collect()).isEqualTo(List.of("a1", "a2", "b1"));
    }
  }
}
