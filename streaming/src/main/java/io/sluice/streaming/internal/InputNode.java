package io.sluice.streaming.internal;

import io.sluice.rdd.Rdd;
import io.sluice.rdd.Source;
import io.sluice.rdd.TaskContext;
import io.sluice.streaming.Receiver;
import io.sluice.streaming.RecordCodec;
import java.util.Iterator;
import java.util.List;

/**
 * A stream fed by a receiver: its dataset for a batch has one partition per block allocated to
 * that batch, read from memory, or from the write-ahead log after a restart.
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
    return graph().engine().read(name(), new BlocksSource<>(blocks, codec, graph().blocks()));
  }

  /** One partition per block. */
  private static final class BlocksSource<T> implements Source<T> {
    private final List<BlockInfo> blocks;
    private final RecordCodec<T> codec;
    private final transient BlockSource store;

    BlocksSource(List<BlockInfo> blocks, RecordCodec<T> codec, BlockSource store) {
      this.blocks = List.copyOf(blocks);
      this.codec = codec;
      this.store = store;
    }

    @Override
    public int partitions() {
      return blocks.size();
    }

    @Override
    public Iterator<T> open(int partition, TaskContext context) {
      return Blocks.decode(store.read(blocks.get(partition)), codec);
    }

    @Override
    public String toString() {
      return "blocks" + blocks.stream().map(BlockInfo::blockId).toList();
    }
  }
}
