package io.sluice.streaming.flume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import io.sluice.records.Event;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.ipc.netty.NettyTransceiver;
import org.apache.avro.ipc.reflect.ReflectRequestor;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polling receiver in a streaming context (WAL and checkpoints on the local file system)
 * against Sluice sinks on real Flume memory channels in this JVM; every event is counted by body
 * in the batches' outputs, and the channels must end empty (everything acked).
 */
@Timeout(60)
class FlumePollingReceiverTest {
  /** Body -> times seen in a batch output; static because output functions are serialized. */
  private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();
  private static final Map<String, Event> SAMPLE = new ConcurrentHashMap<>();

  @TempDir Path tmp;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @BeforeEach
  void reset() {
    SEEN.clear();
    SAMPLE.clear();
  }

  @AfterEach
  void close() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        cleanup.get(i).close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private InJvmFlumeSink sink(String name, long transactionTimeoutMs) {
    InJvmFlumeSink sink = new InJvmFlumeSink(name, transactionTimeoutMs);
    cleanup.add(sink);
    return sink;
  }

  private StreamingContext context(List<InJvmFlumeSink> sinks, int batchSize, int fetchers) {
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    StreamingContext ctx = new StreamingContext(conf, Duration.ofMillis(200))
        .checkpoint(tmp.resolve("checkpoint").toUri().toString());
    ctx.flumePollingStream("flume", sinks.stream().map(InJvmFlumeSink::address).toList(), batchSize,
            fetchers)
        .foreachRdd((rdd, time) -> {
          for (Event e : rdd.collect()) {
            SEEN.computeIfAbsent(e.line(), k -> new AtomicInteger()).incrementAndGet();
            SAMPLE.putIfAbsent(e.line(), e);
          }
        });
    cleanup.add(() -> ctx.stop(false));
    return ctx;
  }

  private static long total() {
    return SEEN.values().stream().mapToLong(AtomicInteger::get).sum();
  }

  private static void assertEachSeenOnce(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      AtomicInteger seen = SEEN.get(prefix + "-" + i);
      assertThat(seen).as(prefix + "-" + i).isNotNull();
      assertThat(seen.get()).as(prefix + "-" + i).isEqualTo(1);
    }
  }

  @Test
  void pullsEveryEventOfTwoSinksExactlyOnceWithHeadersAndEventTime() {
    InJvmFlumeSink a = sink("a", 30_000);
    InJvmFlumeSink b = sink("b", 30_000);
    StreamingContext ctx = context(List.of(a, b), 100, 2);
    ctx.start();
    a.put("a", 0, 1000);
    b.put("b", 0, 1000);
    a.put("a", 1000, 2000);
    b.put("b", 1000, 2000);

    await().atMost(Duration.ofSeconds(30)).until(() -> total() >= 6000 && a.drained() && b.drained());
    assertThat(total()).isEqualTo(6000);
    assertEachSeenOnce("a", 3000);
    assertEachSeenOnce("b", 3000);
    Event sample = SAMPLE.get("b-42");
    assertThat(sample.headers()).containsEntry("source", "b");
    assertThat(sample.eventTimeMillis()).isEqualTo(1_000_042L);
    assertThat(sample.ingestTimeMillis()).isGreaterThan(1_700_000_000_000L);
    for (String untimed : List.of("b-43", "b-44")) { // no timestamp header, or not a number
      Event e = SAMPLE.get(untimed);
      assertThat(e.eventTimeMillis()).as(untimed).isEqualTo(e.ingestTimeMillis());
      assertThat(e.headers()).as(untimed).containsEntry("source", "b");
    }
    assertThat(a.sink().openTransactions()).isZero();
    // every batch stored a source mark; each is retired once its batch committed
    await().atMost(Duration.ofSeconds(10)).until(() ->
        ctx.receiverStatuses().get(0).sourceCounters().get("flume.storedMarks") == 0L);
  }

  @Test
  void survivesASinkRestart() {
    InJvmFlumeSink a = sink("restarting", 30_000);
    StreamingContext ctx = context(List.of(a), 100, 2);
    ctx.start();
    a.put("r", 0, 500);
    await().atMost(Duration.ofSeconds(20)).until(() -> total() >= 500 && a.drained());

    a.stopSink();
    a.put("r", 500, 500); // the agent's source keeps filling the channel meanwhile
    a.startSink();
    await().atMost(Duration.ofSeconds(30)).until(() -> total() >= 1000 && a.drained());
    assertThat(total()).isEqualTo(1000);
    assertEachSeenOnce("r", 1000);
  }

  @Test
  void aBatchTakenButNeverAckedIsOfferedAgainAfterTheSinkTimeout() throws Exception {
    InJvmFlumeSink a = sink("timeout", 500);
    a.put("t", 0, 300);
    // A client that stores nothing and never acks: as a receiver killed between store and ack.
    NettyTransceiver dead = new NettyTransceiver(a.address());
    cleanup.add(dead::close);
    EventBatch lost = ReflectRequestor.getClient(SluiceSinkProtocol.class, dead).getEventBatch(200);
    assertThat(lost.count()).isEqualTo(200);

    StreamingContext ctx = context(List.of(a), 50, 1);
    ctx.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> total() >= 300 && a.drained());
    assertThat(total()).isEqualTo(300);
    assertEachSeenOnce("t", 300);
  }
}
