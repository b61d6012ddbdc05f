package io.sluice.streaming.internal;

import io.sluice.records.GrowableBuffer;
import io.sluice.streaming.BatchInfo;
import io.sluice.streaming.ReceiverStatus;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingListener;
import io.sluice.streaming.internal.Checkpoints.Checkpoint;
import io.sluice.streaming.internal.Checkpoints.NodeState;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming driver: runs the receivers, generates a batch every interval on its clock (blocks
 * allocated in the tracker's log first), runs each batch's outputs in order on one job thread,
 * then checkpoints, cleans up what no batch or window needs any more, and adjusts receive rates.
 * On start it recovers: batches allocated after the last checkpoint are run again from the
 * write-ahead log, blocks no batch took go into the next one, stateful operators get their state.
 */
public final class StreamingDriver implements BlockSink, BlockSource {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingDriver.class);

  private final StreamGraph graph;
  private final Configuration conf;
  private final Path checkpointDir;
  private final BatchClock clock;
  private final List<StreamingListener> listeners = new CopyOnWriteArrayList<>();
  private final long interval;
  private final boolean walEnabled;
  private final boolean backpressure;
  private final long stopTimeoutMillis;
  private final int outputMaxAttempts;

  private ReceivedBlockTracker tracker;
  private BlockStore blockStore;
  private Wals wals;
  private Checkpoints checkpoints;
  private final List<ReceiverSupervisor<?>> supervisors = new ArrayList<>();
  private final Map<Integer, RateEstimator> estimators = new HashMap<>();
  private final ExecutorService jobThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sluice-jobs");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger queuedBatches = new AtomicInteger();
  private Thread generator;
  private volatile long nextBatchTime;
  private volatile long lastCompletedTime = Long.MIN_VALUE;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean stopping;
  /** Set by a stop that is not graceful: a batch cut short must not be checkpointed as done. */
  private volatile boolean abandoned;
  private final StreamingMetrics metrics = new StreamingMetrics();

  public StreamingDriver(StreamGraph graph, Configuration conf, Path checkpointDir, BatchClock clock) {
    this.graph = graph;
    this.conf = conf;
    this.checkpointDir = checkpointDir;
    this.clock = clock;
    this.interval = graph.batchIntervalMillis();
    this.walEnabled = conf.getBoolean(StreamingConfigKeys.WAL_ENABLED_KEY,
        StreamingConfigKeys.WAL_ENABLED_DEFAULT);
    this.backpressure = conf.getBoolean(StreamingConfigKeys.BACKPRESSURE_ENABLED_KEY,
        StreamingConfigKeys.BACKPRESSURE_ENABLED_DEFAULT);
    this.stopTimeoutMillis = Settings.positive(conf, StreamingConfigKeys.STOP_TIMEOUT_MS_KEY,
        StreamingConfigKeys.STOP_TIMEOUT_MS_DEFAULT);
    this.outputMaxAttempts = (int) Settings.positive(conf, StreamingConfigKeys.OUTPUT_MAX_ATTEMPTS_KEY,
        StreamingConfigKeys.OUTPUT_MAX_ATTEMPTS_DEFAULT);
    if (walEnabled && checkpointDir == null) {
      throw new IllegalStateException("the write-ahead log needs a checkpoint folder: call "
          + "checkpoint(dir) on the context, or set " + StreamingConfigKeys.WAL_ENABLED_KEY + "=false");
    }
  }

  public void addListener(StreamingListener listener) {
    listeners.add(listener);
  }

  public StreamingMetrics metrics() {
    return metrics;
  }

  public void start() throws IOException {
    if (checkpointDir != null) {
      FileSystem fs = checkpointDir.getFileSystem(conf);
      fs.mkdirs(checkpointDir);
      checkpoints = new Checkpoints(fs, new Path(checkpointDir, "checkpoints"), (int) Settings.positive(
          conf, StreamingConfigKeys.CHECKPOINT_KEEP_KEY, StreamingConfigKeys.CHECKPOINT_KEEP_DEFAULT));
      if (walEnabled) {
        wals = new Wals(conf, checkpointDir, clock);
      }
    }
    tracker = new ReceivedBlockTracker(wals == null ? null : wals.open("receivedBlockMetadata"), clock);
    tracker.recover();
    blockStore = new BlockStore(wals, Settings.positive(conf, StreamingConfigKeys.BLOCK_MEMORY_MAX_BYTES_KEY,
        StreamingConfigKeys.BLOCK_MEMORY_MAX_BYTES_DEFAULT), clock);
    graph.start(this);

    long restoredTime = Long.MIN_VALUE;
    Optional<Checkpoint> checkpoint = checkpoints == null ? Optional.empty() : checkpoints.latest();
    if (checkpoint.isPresent()) {
      restoredTime = restore(checkpoint.get());
      lastCompletedTime = restoredTime;
    }
    List<Long> rerun = tracker.allocatedAfter(restoredTime);
    for (long time : rerun) {
      submit(time, true);
    }
    if (!rerun.isEmpty()) {
      LOG.info("Re-running {} batches allocated before the restart: {} .. {}", rerun.size(),
          rerun.get(0), rerun.get(rerun.size() - 1));
    }

    ReceiverSettings receiverSettings = ReceiverSettings.from(conf);
    long minRate = Settings.positive(conf, StreamingConfigKeys.BACKPRESSURE_MIN_RATE_KEY,
        StreamingConfigKeys.BACKPRESSURE_MIN_RATE_DEFAULT);
    for (InputNode<?> input : graph.inputs()) {
      supervisors.add(supervisor(input, receiverSettings));
      estimators.put(input.streamId(), new RateEstimator(interval, minRate));
    }
    for (ReceiverSupervisor<?> supervisor : supervisors) {
      supervisor.start();
    }

    long now = clock.nowMillis();
    nextBatchTime = Math.max(tracker.lastAllocatedTime(), now - Math.floorMod(now, interval)) + interval;
    generator = new Thread(this::generateBatches, "sluice-batches");
    generator.setDaemon(true);
    generator.start();
    LOG.info("Streaming driver started: batch every {} ms, first batch at {}, {} receivers, WAL {}, "
        + "checkpoints in {}", interval, nextBatchTime, supervisors.size(), walEnabled ? "on" : "off",
        checkpointDir == null ? "(none)" : checkpointDir);
  }

  private <T> ReceiverSupervisor<T> supervisor(InputNode<T> input, ReceiverSettings settings) {
    return new ReceiverSupervisor<>(input.streamId(), input.name(), input.receiver(), input.codec(),
        this, settings);
  }

  private long restore(Checkpoint checkpoint) throws IOException {
    if (checkpoint.batchIntervalMs() != interval) {
      throw new IllegalStateException("the checkpoint in " + checkpointDir + " was written with a batch "
          + "interval of " + checkpoint.batchIntervalMs() + " ms, this program uses " + interval
          + " ms: use a new checkpoint folder to change it");
    }
    if (!checkpoint.graph().equals(graph.fingerprint())) {
      throw new IllegalStateException("the program builds a different stream graph than the one "
          + "checkpointed in " + checkpointDir + ":\n  checkpoint: " + checkpoint.graph()
          + "\n  program:    " + graph.fingerprint()
          + "\nbuild the same operators in the same order, or use a new checkpoint folder");
    }
    Map<Integer, StatefulNode> stateful = statefulNodes();
    for (NodeState state : checkpoint.nodes()) {
      StatefulNode node = stateful.get(state.id());
      if (node == null) {
        throw new IllegalStateException("checkpoint has state for operator " + state.id() + " ("
            + state.name() + "), which is not stateful in this program");
      }
      node.restoreState(new DataInputStream(new ByteArrayInputStream(state.state())),
          checkpoint.batchTime());
    }
    tracker.addSourceMarks(checkpoint.sourceMarks());
    LOG.info("Restored state of {} operators as of batch {}", checkpoint.nodes().size(),
        checkpoint.batchTime());
    return checkpoint.batchTime();
  }

  private Map<Integer, StatefulNode> statefulNodes() {
    Map<Integer, StatefulNode> stateful = new LinkedHashMap<>();
    for (DStreamNode<?> node : graph.nodes()) {
      if (node instanceof StatefulNode s) {
        stateful.put(node.id(), s);
      }
    }
    return stateful;
  }

  // ---- receivers' side ----

  @Override
  public BlockInfo store(int streamId, String blockId, byte[] block, long records, String sourceMark,
      java.util.Collection<String> retire) throws IOException {
    BlockInfo info = blockStore.store(streamId, blockId, block, records, sourceMark);
    tracker.addBlock(info, retire);
    return info;
  }

  @Override
  public void retireMarks(int streamId, java.util.Collection<String> retire) throws IOException {
    tracker.retireMarks(streamId, retire);
  }

  @Override
  public java.util.Set<String> sourceMarks(int streamId) {
    return tracker.sourceMarks(streamId);
  }

  @Override
  public List<BlockInfo> blocksOf(int streamId, long batchTime) {
    return tracker.blocksOf(streamId, batchTime);
  }

  @Override
  public byte[] read(BlockInfo block) {
    return blockStore.read(block);
  }

  // ---- batches ----

  private void generateBatches() {
    try {
      while (!stopping) {
        long time = nextBatchTime;
        clock.waitUntil(time);
        if (stopping) {
          return;
        }
        generate(time);
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  private synchronized void generate(long time) {
    try {
      tracker.allocate(time);
      nextBatchTime = time + interval;
      submit(time, false);
    } catch (IOException e) {
      LOG.error("Could not allocate blocks to batch {} (the block tracker's log failed); its blocks "
          + "stay waiting for the next batch", time, e);
      nextBatchTime = time + interval;
    }
  }

  private void submit(long time, boolean recovered) {
    List<BlockInfo> blocks = tracker.blocksOf(time);
    Map<String, Long> perStream = new LinkedHashMap<>();
    long records = 0;
    for (InputNode<?> input : graph.inputs()) {
      perStream.put(input.name(), 0L);
    }
    for (BlockInfo block : blocks) {
      perStream.merge(graph.inputs().get(block.streamId()).name(), block.records(), Long::sum);
      records += block.records();
    }
    BatchInfo submitted = new BatchInfo(time, records, perStream, clock.nowMillis(), -1, -1, 0, recovered);
    queuedBatches.incrementAndGet();
    listeners.forEach(l -> l.onBatchSubmitted(submitted));
    jobThread.execute(() -> process(submitted));
  }

  private void process(BatchInfo submitted) {
    long time = submitted.batchTimeMillis();
    long started = clock.nowMillis();
    List<Exception> failures;
    try {
      failures = graph.runOutputs(time, outputMaxAttempts);
    } catch (InterruptedException e) {
      failures = List.of(e);
    }
    if (abandoned) {
      LOG.info("[batch {}] abandoned by the stop; it re-runs from the write-ahead log on the next start",
          time);
      return;
    }
    for (Exception failure : failures) {
      LOG.error("[batch {}] {}", time, failure.getMessage(), failure.getCause());
    }
    long finished = clock.nowMillis();
    // Its blocks now yield their memory to newer ones (they stay readable from the WAL).
    for (InputNode<?> input : graph.inputs()) {
      boolean readAgain = input.rememberMillis() > interval;
      blockStore.processed(tracker.blocksOf(input.streamId(), time), readAgain);
    }
    BatchInfo completed = new BatchInfo(time, submitted.records(), submitted.recordsPerStream(),
        submitted.submittedAtMillis(), Math.max(0, started - Math.max(time, submitted.submittedAtMillis())),
        finished - started, failures.size(), submitted.recovered());
    checkpoint(time);
    lastCompletedTime = time;
    cleanUp(time);
    if (backpressure && !submitted.recovered()) {
      adjustRates(completed);
    }
    metrics.batchCompleted(completed);
    LOG.debug("[batch {}] {} records, scheduling delay {} ms, processing {} ms", time,
        completed.records(), completed.schedulingDelayMillis(), completed.processingTimeMillis());
    queuedBatches.decrementAndGet();
    for (StreamingListener listener : listeners) {
      try {
        listener.onBatchCompleted(completed);
      } catch (RuntimeException e) {
        LOG.warn("A streaming listener failed", e);
      }
    }
  }

  private void checkpoint(long time) {
    if (checkpoints == null) {
      return;
    }
    try {
      List<NodeState> states = new ArrayList<>();
      for (Map.Entry<Integer, StatefulNode> e : statefulNodes().entrySet()) {
        GrowableBuffer buffer = new GrowableBuffer(1024);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
          e.getValue().saveState(out);
        }
        StatefulNode node = e.getValue();
        states.add(new NodeState(node.id(), node.name(), node.kind(), buffer.toByteArray()));
      }
      checkpoints.write(new Checkpoint(time, interval, graph.fingerprint(), states, tracker.allSourceMarks()));
    } catch (IOException | RuntimeException e) {
      LOG.error("[batch {}] Could not write the checkpoint; recovery would re-run from the previous "
          + "one", time, e);
    }
  }

  private void cleanUp(long time) {
    long keepFrom = time - graph.maxRememberMillis();
    graph.forgetBefore(time);
    try {
      List<BlockInfo> done = tracker.cleanBefore(keepFrom + 1);
      blockStore.forget(done);
      blockStore.cleanBefore(tracker.oldestKeptTime(keepFrom + 1));
    } catch (IOException | RuntimeException e) {
      LOG.warn("[batch {}] Cleanup failed; will retry after the next batch", time, e);
    }
  }

  private void adjustRates(BatchInfo batch) {
    for (InputNode<?> input : graph.inputs()) {
      long records = batch.recordsPerStream().getOrDefault(input.name(), 0L);
      long rate = estimators.get(input.streamId()).update(records, batch.processingTimeMillis(),
          batch.schedulingDelayMillis());
      if (rate > 0) {
        supervisors.get(input.streamId()).rateLimiter().setRate(rate);
      }
    }
  }

  // ---- stopping ----

  /**
   * Stops. Graceful: receivers stop first, what they stored goes into final batches, and every
   * batch runs before this returns (bounded by {@code sluice.streaming.stop.timeout.ms}); otherwise
   * queued batches are abandoned (they re-run from the write-ahead log on the next start).
   */
  public void stop(boolean graceful) {
    if (stopping) {
      awaitTermination(0);
      return;
    }
    stopping = true;
    if (generator != null) {
      generator.interrupt();
      join(generator);
    }
    for (ReceiverSupervisor<?> supervisor : supervisors) {
      supervisor.stop();
    }
    if (graceful && tracker != null && tracker.hasUnallocatedBlocks()) {
      generate(Math.max(nextBatchTime, tracker.lastAllocatedTime() + interval));
    }
    if (!graceful) {
      abandoned = true;
    }
    jobThread.shutdown();
    try {
      if (graceful) {
        if (!jobThread.awaitTermination(stopTimeoutMillis, TimeUnit.MILLISECONDS)) {
          LOG.warn("Graceful stop timed out after {} ms with {} batches left; they re-run from the "
              + "write-ahead log on the next start", stopTimeoutMillis, queuedBatches.get());
        }
      }
      abandoned = true;
      jobThread.shutdownNow();
      jobThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (blockStore != null) {
      blockStore.close();
    }
    if (tracker != null) {
      tracker.close();
    }
    if (wals != null) {
      wals.close();
    }
    LOG.info("Streaming driver stopped{}; last completed batch {}", graceful ? " gracefully" : "",
        lastCompletedTime);
    listeners.forEach(StreamingListener::onStopped);
    terminated.countDown();
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until stopped; returns true if it did within {@code millis} (0: wait forever). */
  public boolean awaitTermination(long millis) {
    try {
      if (millis <= 0) {
        terminated.await();
        return true;
      }
      return terminated.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public long lastCompletedBatchTime() {
    return lastCompletedTime;
  }

  public List<ReceiverStatus> receiverStatuses() {
    return supervisors.stream().map(ReceiverSupervisor::status).toList();
  }

  public int queuedBatches() {
    return queuedBatches.get();
  }
}
