package io.sluice.streaming.flume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.records.Event;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between the polling receiver and a sink on a real Flume memory channel, every event
 * counted: two receivers polling one sink, and the network cut while batches are in flight.
 */
@Timeout(60)
class FlumePollingFaultsTest {
  private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

  @TempDir Path tmp;
  private StreamingContext ctx;
  private InJvmFlumeSink sink;

  @BeforeEach
  void reset() {
    SEEN.clear();
  }

  @AfterEach
  void close() {
    if (ctx != null) {
      ctx.stop(false);
    }
    if (sink != null) {
      sink.close();
    }
  }

  private StreamingContext context() {
    return context("checkpoint");
  }

  private StreamingContext context(String dir) {
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    return new StreamingContext(conf, Duration.ofMillis(200))
        .checkpoint(tmp.resolve(dir).toUri().toString());
  }

  private static void count(Event e) {
    SEEN.computeIfAbsent(e.line(), k -> new AtomicInteger()).incrementAndGet();
  }

  @Test
  void twoReceiversPollingOneSinkShareItsEventsWithoutOverlap() {
    sink = new InJvmFlumeSink("shared", 30_000);
    ctx = context();
    ctx.flumePollingStream("one", List.of(sink.address()), 100, 2)
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.flumePollingStream("two", List.of(sink.address()), 100, 2)
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.start();
    sink.put("s", 0, 4000);
    await().atMost(Duration.ofSeconds(30)).until(() -> SEEN.size() >= 4000 && sink.drained());
    assertThat(SEEN).hasSize(4000);
    assertThat(SEEN.values()).allMatch(n -> n.get() == 1);
    assertThat(ctx.receiverStatuses()).allMatch(s -> s.records() > 0, "both receivers got events");
  }

  @Test
  void aSinkWithASecretServesOnlyTheReceiverThatHasIt() {
    sink = new InJvmFlumeSink("guarded", 30_000, "s3cret");
    ctx = context();
    ctx.flumePollingStream("intruder", List.of(sink.address()), 100, 1, "wrong")
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.start();
    sink.put("g", 0, 500);
    await().atMost(Duration.ofSeconds(10)).until(() -> ctx.receiverStatuses().get(0).errors() > 0);
    assertThat(ctx.receiverStatuses().get(0).lastError()).contains("unauthenticated");
    assertThat(SEEN).isEmpty();
    ctx.stop(false);

    ctx = context("checkpoint-trusted");
    ctx.flumePollingStream("trusted", List.of(sink.address()), 100, 2, "s3cret")
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() >= 500 && sink.drained());
    assertThat(SEEN).hasSize(500);
    assertThat(SEEN.values()).allMatch(n -> n.get() == 1);
  }

  @Test
  void aNetworkCutMidBatchLosesNothing() throws Exception {
    sink = new InJvmFlumeSink("cut", 1000);
    try (CuttableProxy proxy = new CuttableProxy(sink.address())) {
      ctx = context();
      ctx.flumePollingStream("flume", List.of(proxy.address()), 50, 2)
          .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
      ctx.start();
      int total = 6000;
      // The source trickles events in while the network is cut every 150 ms, so cuts land on
      // batches in flight (a get, a store, or an ack on the wire).
      Thread source = new Thread(() -> {
        for (int i = 0; i < total; i += 100) {
          sink.put("c", i, 100);
          try {
            Thread.sleep(25);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      source.start();
      while (source.isAlive()) {
        Thread.sleep(150);
        proxy.cutAll();
      }
      await().atMost(Duration.ofSeconds(40)).until(() -> SEEN.size() >= total && sink.drained());
      assertThat(SEEN).hasSize(total);
      int duplicates = SEEN.values().stream().mapToInt(AtomicInteger::get).sum() - total;
      // A batch stored whose ack was cut off is rolled back by the sink and stored again: at most
      // the batches in flight at each cut (2 fetchers x 50 events).
      assertThat(duplicates).isLessThanOrEqualTo(100 * 20);
      System.out.println("FlumePollingFaultsTest: network cuts duplicated " + duplicates + " events");
    }
  }
}
