package io.sluice.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.functions.LogFunctions;
import io.sluice.rdd.Pair;
import io.sluice.streaming.internal.ManualBatchClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class StreamingContextTest {
  private static final long T0 = 1_800_000_000_000L; // a multiple of every interval used here
  private static final Duration SECOND = Duration.ofSeconds(1);

  @TempDir Path tmp;
  private final ManualBatchClock clock = new ManualBatchClock(T0);
  private final List<StreamingContext> contexts = new ArrayList<>();
  private final Map<Long, Map<String, Long>> windows = new ConcurrentHashMap<>();

  @AfterEach
  void stopContexts() {
    contexts.forEach(c -> c.stop(false));
  }

  private StreamingContext context(Configuration conf) {
    StreamingContext context = new StreamingContext(conf, SECOND, clock);
    context.checkpoint(tmp.resolve("checkpoint").toUri().toString());
    contexts.add(context);
    return context;
  }

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    return conf;
  }

  /** Moves the clock one batch on and waits for that batch to complete. */
  private void runBatch(StreamingContext context) {
    clock.advance(1000);
    long time = clock.nowMillis();
    await().atMost(Duration.ofSeconds(20)).until(() -> context.lastCompletedBatchTime() >= time);
  }

  private static void feed(QueueReceiver<String> receiver, List<String> records) {
    long before = receiver.acknowledged();
    receiver.offer(records);
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.acknowledged() == before + records.size());
  }

  @Test
  void sharedFunctionsRunUnchangedOnEachBatch() {
    StreamingContext ctx = context(conf());
    QueueReceiver<String> receiver = new QueueReceiver<>();
    Map<Long, List<String>> errors = new ConcurrentSkipListMap<>();
    ctx.receiverStream("logs", receiver, RecordCodec.strings())
        .transform(LogFunctions::filterErrors)
        .foreachRdd((rdd, time) -> errors.put(time, rdd.collect()));
    ctx.start();

    String error = "2026-11-20 10:15:02,123 ERROR org.apache.hadoop.hdfs.DataNode: disk failed";
    String info = "2026-11-20 10:15:02,124 INFO org.apache.hadoop.hdfs.DataNode: all good";
    feed(receiver, List.of(error, info, error));
    runBatch(ctx);
    runBatch(ctx);

    assertThat(errors).containsEntry(T0 + 1000, List.of(error, error)).containsEntry(T0 + 2000, List.of());
  }

  @Test
  void windowsAndStateMatchAHandComputedExpectation() {
    StreamingContext ctx = context(conf());
    QueueReceiver<String> receiver = new QueueReceiver<>();
    PairDStream<String, Long> ones = ctx.receiverStream("words", receiver, RecordCodec.strings())
        .mapToPair(word -> Pair.of(word, 1L));
    Map<Long, Map<String, Long>> windowed = new ConcurrentHashMap<>();
    Map<Long, Map<String, Long>> inverse = new ConcurrentHashMap<>();
    Map<Long, Map<String, Long>> running = new ConcurrentHashMap<>();
    Map<Long, List<String>> raw = new ConcurrentHashMap<>();
    ones.reduceByKeyAndWindow(Long::sum, Duration.ofSeconds(2), SECOND)
        .foreachRdd((rdd, t) -> windowed.put(t, new TreeMap<>(io.sluice.rdd.PairRdd.of(rdd).collectAsMap())));
    ones.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(2), SECOND)
        .foreachRdd((rdd, t) -> inverse.put(t, new TreeMap<>(io.sluice.rdd.PairRdd.of(rdd).collectAsMap())));
    ones.updateStateByKey((List<Long> values, Optional<Long> state) ->
            state.orElse(0L) + values.stream().mapToLong(Long::longValue).sum())
        .foreachRdd((rdd, t) -> running.put(t, new TreeMap<>(io.sluice.rdd.PairRdd.of(rdd).collectAsMap())));
    ones.map(Pair::key).window(Duration.ofSeconds(2), SECOND)
        .foreachRdd((rdd, t) -> raw.put(t, sorted(rdd.collect())));
    ctx.start();

    List<List<String>> batches = List.of(List.of("a", "a", "b"), List.of("b"), List.of(), List.of("a", "c"));
    for (List<String> batch : batches) {
      if (!batch.isEmpty()) {
        feed(receiver, batch);
      }
      runBatch(ctx);
    }

    long t1 = T0 + 1000;
    long t2 = T0 + 2000;
    long t3 = T0 + 3000;
    long t4 = T0 + 4000;
    Map<Long, Map<String, Long>> expectedWindows = Map.of(
        t1, Map.of("a", 2L, "b", 1L),
        t2, Map.of("a", 2L, "b", 2L),
        t3, Map.of("b", 1L),
        t4, Map.of("a", 1L, "c", 1L));
    assertThat(windowed).isEqualTo(expectedWindows);
    assertThat(inverse).isEqualTo(expectedWindows);
    assertThat(running).isEqualTo(Map.of(
        t1, Map.of("a", 2L, "b", 1L),
        t2, Map.of("a", 2L, "b", 2L),
        t3, Map.of("a", 2L, "b", 2L),
        t4, Map.of("a", 3L, "b", 2L, "c", 1L)));
    assertThat(raw).isEqualTo(Map.of(
        t1, List.of("a", "a", "b"), t2, List.of("a", "a", "b", "b"), t3, List.of("b"), t4, List.of("a", "c")));
  }

  @Test
  void mapWithStateEmitsAndTimesOutIdleKeys() {
    StreamingContext ctx = context(conf());
    QueueReceiver<String> receiver = new QueueReceiver<>();
    Map<Long, List<String>> emitted = new ConcurrentHashMap<>();
    StateSpec<String, Long, Long, String> spec = StateSpec.<String, Long, Long, String>of((key, value, state) -> {
      long total = state.exists() ? state.get() : 0;
      if (state.isTimingOut()) {
        return key + " idle at " + total;
      }
      state.update(total + value.orElse(0L));
      return key + "=" + (total + value.orElse(0L));
    }).timeout(Duration.ofSeconds(2));
    ctx.receiverStream("users", receiver, RecordCodec.strings())
        .mapToPair(user -> Pair.of(user, 1L))
        .mapWithState(spec)
        .foreachRdd((rdd, t) -> emitted.put(t, sorted(rdd.collect())));
    ctx.start();

    feed(receiver, List.of("ann", "bob", "ann"));
    runBatch(ctx); // t1
    feed(receiver, List.of("bob"));
    runBatch(ctx); // t2
    runBatch(ctx); // t3: ann idle since t1 -> times out
    runBatch(ctx); // t4: bob idle since t2 -> times out

    assertThat(emitted.get(T0 + 1000)).containsExactly("ann=1", "ann=2", "bob=1");
    assertThat(emitted.get(T0 + 2000)).containsExactly("bob=2");
    assertThat(emitted.get(T0 + 3000)).containsExactly("ann idle at 2");
    assertThat(emitted.get(T0 + 4000)).containsExactly("bob idle at 2");
  }

  @Test
  void restartedContextReRunsUnfinishedBatchesAndRestoresState() {
    Map<Long, Map<String, Long>> running = new ConcurrentHashMap<>();
    QueueReceiver<String> first = new QueueReceiver<>();
    java.util.concurrent.CountDownLatch t2Started = new java.util.concurrent.CountDownLatch(1);
    StreamingContext ctx = statefulCounter(first, running, T0 + 2000, t2Started);
    ctx.start();
    feed(first, List.of("a", "b"));
    runBatch(ctx); // t1 done: a=1 b=1
    feed(first, List.of("a"));
    clock.advance(1000); // t2 starts and hangs in its output: the crash comes now
    await().atMost(Duration.ofSeconds(20)).until(() -> t2Started.getCount() == 0);
    ctx.stop(false);
    assertThat(running).doesNotContainKey(T0 + 2000);

    running.clear();
    QueueReceiver<String> second = new QueueReceiver<>();
    StreamingContext restarted = statefulCounter(second, running, -1, null);
    restarted.start();
    feed(second, List.of("c"));
    await().atMost(Duration.ofSeconds(20)).until(() -> running.containsKey(T0 + 2000));
    runBatch(restarted); // t3

    assertThat(running.get(T0 + 2000)).isEqualTo(Map.of("a", 2L, "b", 1L));
    assertThat(running.get(T0 + 3000)).isEqualTo(Map.of("a", 2L, "b", 1L, "c", 1L));
    // the 3 s window went on across the restart: t1 {a,b}, t2 {a}, t3 {c}
    assertThat(windows.get(T0 + 3000)).isEqualTo(Map.of("a", 2L, "b", 1L, "c", 1L));
    runBatch(restarted); // t4: t1 left the window
    assertThat(windows.get(T0 + 4000)).isEqualTo(Map.of("a", 1L, "c", 1L));
  }

  /**
   * A running word count, and per 3-second window in {@link #windows}; the running count's output
   * hangs at batch {@code hangAt} (a crash in the middle).
   */
  private StreamingContext statefulCounter(QueueReceiver<String> receiver,
      Map<Long, Map<String, Long>> running, long hangAt, java.util.concurrent.CountDownLatch hung) {
    StreamingContext ctx = context(conf());
    PairDStream<String, Long> ones = ctx.receiverStream("words", receiver, RecordCodec.strings())
        .mapToPair(word -> Pair.of(word, 1L));
    ones.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(3), SECOND)
        .foreachRdd((rdd, t) -> windows.put(t, new TreeMap<>(io.sluice.rdd.PairRdd.of(rdd).collectAsMap())));
    ones
        .updateStateByKey((List<Long> values, Optional<Long> state) ->
            state.orElse(0L) + values.stream().mapToLong(Long::longValue).sum())
        .foreachRdd((rdd, t) -> {
          Map<String, Long> state = new TreeMap<>(io.sluice.rdd.PairRdd.of(rdd).collectAsMap());
          if (t == hangAt) {
            hung.countDown();
            new java.util.concurrent.CountDownLatch(1).await();
          }
          running.put(t, state);
        });
    return ctx;
  }

  @Test
  void aDifferentGraphCannotResumeFromACheckpoint() {
    QueueReceiver<String> receiver = new QueueReceiver<>();
    StreamingContext ctx = context(conf());
    ctx.receiverStream("words", receiver, RecordCodec.strings()).foreachRdd((rdd, t) -> rdd.count());
    ctx.start();
    runBatch(ctx);
    ctx.stop(true);

    StreamingContext changed = context(conf());
    changed.receiverStream("other-name", new QueueReceiver<String>(), RecordCodec.strings())
        .foreachRdd((rdd, t) -> rdd.count());
    assertThatThrownBy(changed::start)
        .hasMessageContaining("different stream graph")
        .hasMessageContaining("other-name");
  }

  @Test
  void oversizedRecordsAreRejectedAndCountedWhileTheRestFlows() {
    Configuration conf = conf();
    conf.setInt(StreamingConfigKeys.RECEIVER_MAX_RECORD_BYTES_KEY, 100);
    StreamingContext ctx = context(conf);
    QueueReceiver<String> receiver = new QueueReceiver<>();
    Map<Long, Long> counts = new ConcurrentHashMap<>();
    ctx.receiverStream("lines", receiver, RecordCodec.strings()).foreachRdd((rdd, t) -> counts.put(t, rdd.count()));
    ctx.start();

    feed(receiver, List.of("small", "x".repeat(500), "also small"));
    runBatch(ctx);

    assertThat(counts.get(T0 + 1000)).isEqualTo(2);
    ReceiverStatus status = ctx.receiverStatuses().get(0);
    assertThat(status.oversizedRecords()).isEqualTo(1);
    assertThat(status.records()).isEqualTo(2);
    assertThat(status.lastError()).contains("504 bytes");
  }

  @Test
  void aTransientOutputFailureIsRetried() {
    StreamingContext ctx = context(conf());
    QueueReceiver<String> receiver = new QueueReceiver<>();
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    Map<Long, Long> counts = new ConcurrentHashMap<>();
    ctx.receiverStream("lines", receiver, RecordCodec.strings()).foreachRdd((rdd, t) -> {
      if (attempts.incrementAndGet() == 1) {
        throw new java.io.IOException("HBase region moved");
      }
      counts.put(t, rdd.count());
    });
    ctx.start();
    feed(receiver, List.of("a", "b"));
    runBatch(ctx);

    assertThat(counts).containsEntry(T0 + 1000, 2L);
    assertThat(ctx.metrics().getBatchesWithFailedOutputs()).isZero();
  }

  @Test
  void aFailingOutputIsReportedAndLaterBatchesStillRun() {
    Configuration conf = conf();
    conf.setInt(StreamingConfigKeys.OUTPUT_MAX_ATTEMPTS_KEY, 1);
    StreamingContext ctx = context(conf);
    QueueReceiver<String> receiver = new QueueReceiver<>();
    Map<Long, Long> counts = new ConcurrentHashMap<>();
    DStream<String> lines = ctx.receiverStream("lines", receiver, RecordCodec.strings());
    lines.foreachRdd((rdd, t) -> {
      if (t == T0 + 1000) {
        throw new IllegalStateException("boom");
      }
    });
    lines.foreachRdd((rdd, t) -> counts.put(t, rdd.count()));
    ctx.start();
    feed(receiver, List.of("a"));
    runBatch(ctx);
    feed(receiver, List.of("b", "c"));
    runBatch(ctx);

    assertThat(counts).containsEntry(T0 + 1000, 1L).containsEntry(T0 + 2000, 2L);
    assertThat(ctx.metrics().getBatchesWithFailedOutputs()).isEqualTo(1);
  }

  @Test
  void aFailingReceiverIsRestartedWithBackoffAndTheContextKeepsRunning() {
    Configuration conf = conf();
    conf.setLong(StreamingConfigKeys.RECEIVER_RESTART_BACKOFF_INITIAL_MS_KEY, 10);
    StreamingContext ctx = context(conf);
    FlakyReceiver receiver = new FlakyReceiver();
    Map<Long, Long> counts = new ConcurrentHashMap<>();
    ctx.receiverStream("flaky", receiver, RecordCodec.strings()).foreachRdd((rdd, t) -> counts.put(t, rdd.count()));
    ctx.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.starts.get() >= 3);
    runBatch(ctx);

    assertThat(ctx.receiverStatuses().get(0).restarts()).isGreaterThanOrEqualTo(2);
    assertThat(ctx.receiverStatuses().get(0).lastError()).contains("source went away");
    assertThat(counts.get(T0 + 1000)).isEqualTo(receiver.stored.get());
  }

  /** Stores one record per start, then asks to be restarted. */
  static final class FlakyReceiver extends Receiver<String> {
    final java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void onStart() {
      int start = starts.incrementAndGet();
      new Thread(() -> {
        store(List.of("record-" + start));
        stored.incrementAndGet();
        if (start < 3) {
          restart("source went away", new java.io.IOException("connection reset"));
        }
      }).start();
    }

    @Override
    public void onStop() {}
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }
}
