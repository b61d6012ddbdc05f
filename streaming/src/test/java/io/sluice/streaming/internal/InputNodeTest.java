package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch's blocks become partitions. */
class InputNodeTest {

  private static List<BlockInfo> blocks(int count, long bytes) {
    List<BlockInfo> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new BlockInfo(0, "b" + i, 1000, bytes, 0, null, null));
    }
    return out;
  }

  private static void assertEveryBlockOnceInOrder(List<List<BlockInfo>> partitions,
      List<BlockInfo> blocks) {
    assertThat(partitions.stream().flatMap(List::stream).toList()).isEqualTo(blocks);
  }

  @Test
  void manySmallBlocksShareFewerPartitionsOfAtMostEightMegabytes() {
    List<BlockInfo> flume = blocks(480, 550_000); // a second of Flume batches of 1000 events
    List<List<BlockInfo>> partitions = InputNode.partitions(flume, 2);
    assertEveryBlockOnceInOrder(partitions, flume);
    assertThat(partitions).hasSize(30); // 16 blocks of 550 kB reach 8 MiB
    assertThat(partitions).allSatisfy(p -> assertThat(p.stream().mapToLong(BlockInfo::bytes).sum())
        .isLessThan(InputNode.MAX_PARTITION_BYTES + 550_000));
  }

  @Test
  void aLightBatchStillGivesEveryThreadWork() {
    List<BlockInfo> few = blocks(8, 100_000);
    List<List<BlockInfo>> partitions = InputNode.partitions(few, 2);
    assertEveryBlockOnceInOrder(partitions, few);
    assertThat(partitions).hasSize(4); // 2 per thread
    assertThat(InputNode.partitions(few, 8)).hasSize(8); // never fewer blocks than one
    assertThat(InputNode.partitions(blocks(1, 10), 2)).hasSize(1);
  }

  @Test
  void fullBlocksStayAlone() {
    List<BlockInfo> full = blocks(40, 8L << 20);
    assertThat(InputNode.partitions(full, 2)).hasSize(40);
  }
}
