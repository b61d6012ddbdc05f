package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streaming.internal.Checkpoints.Checkpoint;
import io.sluice.streaming.internal.Checkpoints.NodeState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir java.nio.file.Path tmp;

  private Checkpoints checkpoints(int keep) throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
    return new Checkpoints(fs, new Path(tmp.toUri()), keep);
  }

  private static Checkpoint at(long time) {
    return new Checkpoint(time, 1000, "0:input:words",
        List.of(new NodeState(3, "counts", "updateStateByKey", new byte[] {1, 2, 3})),
        Map.of(0, Set.of("file-a@10@20")));
  }

  @Test
  void roundTripsStateAndSourceMarksAndKeepsTheLastN() throws IOException {
    Checkpoints checkpoints = checkpoints(2);
    checkpoints.write(at(1000));
    checkpoints.write(at(2000));
    checkpoints.write(at(3000));

    Checkpoint latest = checkpoints.latest().orElseThrow();
    assertThat(latest.batchTime()).isEqualTo(3000);
    assertThat(latest.nodes().get(0).state()).containsExactly(1, 2, 3);
    assertThat(latest.sourceMarks()).isEqualTo(Map.of(0, Set.of("file-a@10@20")));
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("checkpoint-2000.avro", "checkpoint-3000.avro");
    }
  }

  @Test
  void aCheckpointTornByACrashIsSkippedForThePreviousOne() throws IOException {
    Checkpoints checkpoints = checkpoints(3);
    checkpoints.write(at(1000));
    checkpoints.write(at(2000));
    // A crash in the middle of writing: the temporary file is half written, and in the worst case a
    // truncated file already carries the final name.
    java.nio.file.Path latest = tmp.resolve("checkpoint-2000.avro");
    byte[] bytes = Files.readAllBytes(latest);
    Files.write(latest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    try (OutputStream out = Files.newOutputStream(tmp.resolve("_checkpoint-3000.avro.tmp"))) {
      out.write(bytes, 0, 10);
    }

    assertThat(checkpoints.latest()).map(Checkpoint::batchTime).contains(1000L);
  }

  @Test
  void noFolderMeansNoCheckpoint() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
    assertThat(new Checkpoints(fs, new Path(tmp.resolve("none").toUri()), 3).latest()).isEmpty();
  }
}
