package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streaming.internal.wal.HdfsWriteAheadLog;
import io.sluice.streaming.internal.wal.WalSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Source marks in the block tracker: registered with blocks, retired, replayed, checkpointed. */
@Timeout(30)
class ReceivedBlockTrackerTest {
  @TempDir java.nio.file.Path tmp;
  private final ManualBatchClock clock = new ManualBatchClock(1_000_000);

  private ReceivedBlockTracker open() throws IOException {
    Path dir = new Path(tmp.toUri().toString(), "receivedBlockMetadata");
    var log = new HdfsWriteAheadLog(dir, new Configuration(),
        new WalSettings(true, Duration.ofSeconds(1), 1 << 20), Clock.systemUTC());
    return new ReceivedBlockTracker(log, clock);
  }

  private static int blocks;

  private static BlockInfo block(int stream, String mark) {
    return new BlockInfo(stream, "b" + (++blocks), 1, 10, 1_000_000, null, mark);
  }

  @Test
  void retiredMarksStayRetiredAfterReplayingTheMetadataLog() throws IOException {
    ReceivedBlockTracker tracker = open();
    tracker.addBlock(block(0, "a"));
    tracker.addBlock(block(0, "b"));
    tracker.addBlock(block(1, "a"));
    tracker.addBlock(block(0, "c"), List.of("a"));
    tracker.retireMarks(0, List.of("b"));
    tracker.addBlock(block(0, null), List.of("c"));
    assertThat(tracker.sourceMarks(0)).isEmpty();
    assertThat(tracker.sourceMarks(1)).containsExactly("a");
    tracker.addBlock(block(0, "d"));
    tracker.close();

    ReceivedBlockTracker replayed = open();
    assertThat(replayed.recover()).isEqualTo(7);
    assertThat(replayed.sourceMarks(0)).containsExactly("d");
    assertThat(replayed.sourceMarks(1)).containsExactly("a");
    // the block that only retired still counts as a block waiting for its batch
    assertThat(replayed.allocate(2_000_000)).hasSize(6)
        .allMatch(b -> b.sourceMark() == null, "allocation records do not copy the marks");
    replayed.close();

    ReceivedBlockTracker again = open();
    again.recover();
    assertThat(again.blocksOf(2_000_000)).hasSize(6);
    assertThat(again.sourceMarks(0)).containsExactly("d");
    again.close();
  }

  @Test
  void aCheckpointWrittenBeforeARetirementDoesNotBringTheMarkBack() throws IOException {
    ReceivedBlockTracker tracker = open();
    tracker.addBlock(block(0, "x"));
    tracker.addBlock(block(0, "y"));
    Map<Integer, Set<String>> checkpointed = tracker.allSourceMarks();
    tracker.addBlock(block(0, "z"), List.of("x"));
    tracker.close();

    ReceivedBlockTracker restarted = open();
    restarted.recover();
    restarted.addSourceMarks(checkpointed); // as StreamingDriver restores the checkpoint after replay
    assertThat(restarted.sourceMarks(0)).containsExactlyInAnyOrder("y", "z");
    restarted.close();
  }

  @Test
  void marksOnlyInACheckpointComeBackUnlessRetiredLater() throws IOException {
    // The log segments holding the blocks were cleaned: only the checkpoint still names the marks.
    ReceivedBlockTracker tracker = open();
    tracker.retireMarks(0, List.of("old-1"));
    tracker.close();

    ReceivedBlockTracker restarted = open();
    restarted.recover();
    restarted.addSourceMarks(Map.of(0, Set.of("old-1", "old-2"), 3, Set.of("dir-file")));
    assertThat(restarted.sourceMarks(0)).containsExactly("old-2");
    assertThat(restarted.sourceMarks(3)).containsExactly("dir-file");
    restarted.close();
  }

  @Test
  void anOldLogWithoutRetirementsStillReplays() throws IOException {
    ReceivedBlockTracker tracker = open();
    tracker.addBlock(block(0, "f1"), List.of()); // written as the old BLOCK_ADDED record
    tracker.addBlock(block(0, "f2"));
    tracker.close();
    ReceivedBlockTracker replayed = open();
    replayed.recover();
    assertThat(replayed.sourceMarks(0)).containsExactlyInAnyOrder("f1", "f2");
    replayed.close();
  }

  @Test
  void marksOfAnyLengthRoundTrip() throws IOException {
    ReceivedBlockTracker tracker = open();
    String huge = "flume|h:1|s-1|" + "k".repeat(300_000); // over writeUTF's 64 KB
    tracker.addBlock(block(0, huge));
    tracker.addBlock(block(0, "next"), List.of(huge));
    tracker.addBlock(block(0, "\u00e9t\u00e9-" + huge));
    tracker.close();
    ReceivedBlockTracker replayed = open();
    replayed.recover();
    assertThat(replayed.sourceMarks(0)).containsExactlyInAnyOrder("next", "\u00e9t\u00e9-" + huge);
    replayed.close();
  }

  @Test
  void aLogWithMarksInTheFormerFormatStillReplays() throws IOException {
    Path dir = new Path(tmp.toUri().toString(), "receivedBlockMetadata");
    var log = new HdfsWriteAheadLog(dir, new Configuration(),
        new WalSettings(true, Duration.ofSeconds(1), 1 << 20), Clock.systemUTC());
    // records as the tracker wrote them before marks were length-prefixed UTF-8
    log.write(formerRecord(1, out -> formerBlock(out, "b-f1", "f1")), 1_000_000);
    log.write(formerRecord(1, out -> formerBlock(out, "b-f2", "f2")), 1_000_000);
    log.write(formerRecord(4, out -> {
      formerBlock(out, "b-f3", "f3");
      out.writeInt(1);
      out.writeUTF("f1");
    }), 1_000_000);
    log.write(formerRecord(5, out -> {
      out.writeInt(0);
      out.writeInt(1);
      out.writeUTF("f2");
    }), 1_000_000);
    log.close();
    ReceivedBlockTracker replayed = open();
    replayed.recover();
    assertThat(replayed.sourceMarks(0)).containsExactly("f3");
    replayed.close();
  }

  private interface Body {
    void write(java.io.DataOutputStream out) throws IOException;
  }

  private static java.nio.ByteBuffer formerRecord(int type, Body body) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeByte(type);
    body.write(out);
    out.flush();
    return java.nio.ByteBuffer.wrap(bytes.toByteArray());
  }

  private static void formerBlock(java.io.DataOutputStream out, String id, String mark)
      throws IOException {
    out.writeInt(0);
    out.writeUTF(id);
    out.writeLong(1);
    out.writeLong(10);
    out.writeLong(1_000_000);
    out.writeInt(-1); // no WAL handle
    out.writeBoolean(true);
    out.writeUTF(mark);
  }
}
