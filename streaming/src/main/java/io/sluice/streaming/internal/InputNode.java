package io.sluice.streaming.internal;

import com.google.common.collect.Iterators;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.Source;
import io.sluice.rdd.TaskContext;
import io.sluice.streaming.Receiver;
import io.sluice.streaming.RecordCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A stream fed by a receiver: its dataset for a batch is the blocks allocated to that batch, read
 * from memory, or from the write-ahead log after a restart. Small blocks share a partition (see
 * {@link #partitions}).
 */
public final class InputNode<T> extends DStreamNode<T> {
  private final int streamId;
  private final Receiver<T> receiver;
  private final RecordCodec<T> codec;

  public InputNode(StreamGraph graph, String name, Receiver<T> receiver, RecordCodec<T> codec) {
    super(graph, name, List.of());
    this.streamId = graph.inputs().size() - 1;
    this.receiver = receiver;
    this.codec = codec;
  }

  @Override
  public String kind() {
    return "input";
  }

  public int streamId() {
    return streamId;
  }

  public Receiver<T> receiver() {
    return receiver;
  }

  public RecordCodec<T> codec() {
    return codec;
  }

  @Override
  protected Rdd<T> compute(long time) {
    List<BlockInfo> blocks = graph().blocks().blocksOf(streamId, time);
    if (blocks.isEmpty()) {
      return graph().empty();
    }
    int parallelism = graph().engine().parallelism();
    return graph().engine().read(name(),
        new BlocksSource<>(partitions(blocks, parallelism), codec, graph().blocks()));
  }

  /** The most bytes of small blocks read together as one partition. */
  static final long MAX_PARTITION_BYTES = 8L << 20;

  /**
   * Groups consecutive blocks into partitions: a task per block costs more than reading a small
   * block (a Flume receiver stores a block per batch of events, hundreds a second), but a batch
   * must still give every engine thread work. So blocks join a partition until it holds {@code
   * 1 / (2 × parallelism)} of the batch's bytes, and never more than {@link #MAX_PARTITION_BYTES}
   * (a block that size or larger stays alone).
   */
  static List<List<BlockInfo>> partitions(List<BlockInfo> blocks, int parallelism) {
    long total = blocks.stream().mapToLong(BlockInfo::bytes).sum();
    long target = Math.max(1, Math.min(MAX_PARTITION_BYTES, total / (2L * Math.max(1, parallelism))));
    List<List<BlockInfo>> partitions = new ArrayList<>();
    List<BlockInfo> current = new ArrayList<>();
    long bytes = 0;
    for (BlockInfo block : blocks) {
      current.add(block);
      bytes += block.bytes();
      if (bytes >= target) {
        partitions.add(List.copyOf(current));
        current.clear();
        bytes = 0;
      }
    }
    if (!current.isEmpty()) {
      partitions.add(List.copyOf(current));
    }
    return partitions;
  }

  /** One partition per group of blocks, read one block after the other. */
  private static final class BlocksSource<T> implements Source<T> {
    private final List<List<BlockInfo>> partitions;
    private final RecordCodec<T> codec;
    private final transient BlockSource store;

    BlocksSource(List<List<BlockInfo>> partitions, RecordCodec<T> codec, BlockSource store) {
      this.partitions = partitions;
      this.codec = codec;
      this.store = store;
    }

    @Override
    public int partitions() {
      return partitions.size();
    }

    @Override
    public Iterator<T> open(int partition, TaskContext context) {
      // Each block is read when the one before is done, so only one is held at a time.
      return Iterators.concat(Iterators.transform(partitions.get(partition).iterator(),
          block -> Blocks.decode(store.read(block), codec)));
    }

    @Override
    public String toString() {
      return "blocks" + partitions.stream()
          .map(group -> group.stream().map(BlockInfo::blockId).toList()).toList();
    }
  }
}
