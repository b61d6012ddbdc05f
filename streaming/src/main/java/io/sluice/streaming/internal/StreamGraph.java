package io.sluice.streaming.internal;

import io.sluice.rdd.Engine;
import io.sluice.rdd.Rdd;
import io.sluice.streaming.OutputFn;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The operators of one streaming context and its outputs, built by user code before start and
 * fixed after. Node ids follow creation order, so the same program builds the same graph again
 * after a restart; the fingerprint checks that it did.
 */
public final class StreamGraph {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamGraph.class);

  private final Engine engine;
  private final long batchIntervalMillis;
  private final List<DStreamNode<?>> nodes = new ArrayList<>();
  private final List<InputNode<?>> inputs = new ArrayList<>();
  private final List<Output<?>> outputs = new ArrayList<>();
  private volatile boolean started;
  private BlockSource blocks;

  public StreamGraph(Engine engine, long batchIntervalMillis) {
    this.engine = engine;
    this.batchIntervalMillis = batchIntervalMillis;
  }

  /** An output operation: a node and what to do with its dataset each batch. */
  public record Output<T>(String name, DStreamNode<T> node, OutputFn<T> fn) {
    void run(long time) throws Exception {
      fn.apply(node.at(time), time);
    }
  }

  public Engine engine() {
    return engine;
  }

  public long batchIntervalMillis() {
    return batchIntervalMillis;
  }

  synchronized int register(DStreamNode<?> node) {
    checkNotStarted("add a stream");
    nodes.add(node);
    if (node instanceof InputNode<?> input) {
      inputs.add(input);
    }
    return nodes.size() - 1;
  }

  public synchronized <T> void addOutput(String name, DStreamNode<T> node, OutputFn<T> fn) {
    checkNotStarted("add an output");
    outputs.add(new Output<>(name, node, fn));
  }

  void checkNotStarted(String what) {
    if (started) {
      throw new IllegalStateException("cannot " + what + " once the streaming context has started");
    }
  }

  List<InputNode<?>> inputs() {
    return inputs;
  }

  List<Output<?>> outputs() {
    return outputs;
  }

  List<DStreamNode<?>> nodes() {
    return nodes;
  }

  /** Where input nodes find their batches' blocks; set once the driver runs. */
  BlockSource blocks() {
    return blocks;
  }

  /** Fixes the graph: validates it and works out how long each node keeps its datasets. */
  void start(BlockSource blockSource) {
    if (outputs.isEmpty()) {
      throw new IllegalStateException("the stream graph has no output: add one (foreachRdd, "
          + "saveToHBase, saveAsTextFiles, archive, ...) before starting");
    }
    for (DStreamNode<?> node : nodes) {
      if (node.slideMillis() % batchIntervalMillis != 0) {
        throw new IllegalStateException("stream '" + node.name() + "' slides every "
            + node.slideMillis() + " ms, not a multiple of the batch interval " + batchIntervalMillis);
      }
    }
    for (Output<?> output : outputs) {
      output.node().remember(batchIntervalMillis);
    }
    this.blocks = blockSource;
    started = true;
  }

  /** How far back any node reaches: the WAL and block tracker must keep that much. */
  long maxRememberMillis() {
    long max = batchIntervalMillis;
    for (DStreamNode<?> node : nodes) {
      max = Math.max(max, node.rememberMillis());
    }
    return max;
  }

  /**
   * Runs every output whose node produces at {@code time}, each up to {@code maxAttempts} times
   * (outputs are idempotent by batch time, so a retry after a transient HDFS or HBase error is
   * safe); returns the outputs that failed for good.
   */
  List<Exception> runOutputs(long time, int maxAttempts) throws InterruptedException {
    List<Exception> failures = new ArrayList<>();
    for (Output<?> output : outputs) {
      if (time % output.node().slideMillis() != 0) {
        continue;
      }
      for (int attempt = 1; ; attempt++) {
        try {
          output.run(time);
          break;
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          if (attempt >= maxAttempts || Thread.currentThread().isInterrupted()) {
            failures.add(new Exception("output '" + output.name() + "' of batch " + time + " failed "
                + attempt + " times: " + e, e));
            break;
          }
          LOG.warn("[batch {}] output '{}' failed (attempt {} of {}); retrying", time, output.name(),
              attempt, maxAttempts, e);
          Thread.sleep(100L << Math.min(attempt, 6));
        }
      }
    }
    return failures;
  }

  void forgetBefore(long time) {
    for (DStreamNode<?> node : nodes) {
      node.forgetBefore(time);
    }
  }

  void forgetAll() {
    for (DStreamNode<?> node : nodes) {
      node.forgetAll();
    }
  }

  /** Names the operators in order; a restarted program must build the same graph. */
  public String fingerprint() {
    StringJoiner joiner = new StringJoiner(",");
    for (DStreamNode<?> node : nodes) {
      joiner.add(node.id() + ":" + node.kind() + ":" + node.name());
    }
    return joiner.toString();
  }

  /** An empty dataset (a batch where a node has nothing). */
  <T> Rdd<T> empty() {
    return engine.parallelize(List.of(), 1);
  }
}
