package io.sluice.streaming.flume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.flume.TestKeystores;
import io.sluice.records.Event;
import io.sluice.streaming.FlumeOptions;
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
 * counted exactly once: two receivers polling one sink, the network cut while batches are in
 * flight, acks arriving after the sink's transaction timeout, TLS with a wrong certificate.
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
  void batchesTooLargeForOneBlockAreAskedForInSmallerOnes() {
    sink = new InJvmFlumeSink("big", 30_000);
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    // A batch of 100 events of 2 KB is ~200 KB: as one block, over the log's record limit.
    conf.setInt(StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY, 64 * 1024);
    ctx = new StreamingContext(conf, Duration.ofMillis(200))
        .checkpoint(tmp.resolve("checkpoint").toUri().toString());
    ctx.flumePollingStream("big", List.of(sink.address()), 100, 1)
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.start();
    sink.put("b", 0, 1000, 2048);
    await().atMost(Duration.ofSeconds(30)).until(() -> SEEN.size() >= 1000 && sink.drained());
    assertThat(SEEN).hasSize(1000);
    assertThat(SEEN.values()).allMatch(n -> n.get() == 1);
    assertThat(ctx.receiverStatuses()).allMatch(s -> s.oversizedRecords() == 0);
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
  void aNetworkCutBetweenStoreAndAckNeitherLosesNorDuplicates() throws Exception {
    sink = new InJvmFlumeSink("cut", 1000);
    try (CuttableProxy proxy = new CuttableProxy(sink.address())) {
      ctx = context();
      ctx.flumePollingStream("flume", List.of(proxy.address()), 50, 2)
          .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
      ctx.start();
      int total = 6000;
      // The source trickles events in while the network is cut every 150 ms, so cuts land on
      // batches in flight (a get, a store, or an ack on the wire). The sink rolls back a cut
      // connection's batches at once; the receiver asks again about those it stored and drops
      // their events when they come again.
      Thread source = trickle("c", total);
      source.start();
      while (source.isAlive()) {
        Thread.sleep(150);
        proxy.cutAll();
      }
      await().atMost(Duration.ofSeconds(40)).until(() -> SEEN.size() >= total && sink.drained());
      assertExactlyOnce(total);
      Map<String, Long> counters = ctx.receiverStatuses().get(0).sourceCounters();
      System.out.println("FlumePollingFaultsTest: network cuts, " + total + " events each stored once; "
          + counters);
    }
  }

  @Test
  void aConnectionDroppedBetweenStoreAndAckIsAskedAboutAgainWithoutDuplicates() throws Exception {
    sink = new InJvmFlumeSink("drop", 60_000); // only the disconnect can roll back
    try (CuttableProxy proxy = new CuttableProxy(sink.address())) {
      ctx = context();
      ctx.flumePollingStream("flume", List.of(proxy.address()), 50, 1)
          .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
      ctx.start();
      sink.put("d", 0, 1000);
      await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() >= 1000);
      for (int round = 0; round < 3; round++) {
        // Hold what the receiver sends; once it stored another batch, its ack is held: cut.
        proxy.delayUpstream(2000);
        long stored = ctx.receiverStatuses().get(0).records();
        sink.put("d", 1000 + round * 100, 100);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> ctx.receiverStatuses().get(0).records() > stored);
        proxy.cutAll();
        proxy.delayUpstream(0);
        int resolved = round + 1;
        await().atMost(Duration.ofSeconds(20)).until(() -> ctx.receiverStatuses().get(0)
            .sourceCounters().get("flume.inDoubtResolved") >= resolved);
      }
      sink.put("d", 1300, 700);
      await().atMost(Duration.ofSeconds(30)).until(() -> SEEN.size() >= 2000 && sink.drained());
      assertExactlyOnce(2000);
      Map<String, Long> counters = ctx.receiverStatuses().get(0).sourceCounters();
      assertThat(counters.get("flume.duplicatesDropped")).isGreaterThanOrEqualTo(3);
      System.out.println("FlumePollingFaultsTest: 3 connections dropped between store and ack, "
          + "2000 events each stored once; " + counters);
    }
  }

  @Test
  void aSinkThatFallsSilentIsDroppedAfterTheCallTimeoutAndPolledAgain() throws Exception {
    sink = new InJvmFlumeSink("silent", 60_000);
    try (CuttableProxy proxy = new CuttableProxy(sink.address())) {
      ctx = context();
      ctx.flumePollingStream("flume", List.of(proxy.address()), 50, 1,
              FlumeOptions.defaults().callTimeout(Duration.ofSeconds(1)))
          .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
      ctx.start();
      sink.put("q", 0, 500);
      await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() >= 500 && sink.drained());
      // Nothing the receiver sends gets through any more, and no reset comes: a silent peer.
      proxy.delayUpstream(600_000);
      sink.put("q", 500, 500);
      await().atMost(Duration.ofSeconds(10)).until(() -> ctx.receiverStatuses().get(0).errors() > 0);
      assertThat(ctx.receiverStatuses().get(0).lastError()).contains("no answer within 1000 ms");
      proxy.delayUpstream(0); // new connections get through again
      await().atMost(Duration.ofSeconds(30)).until(() -> SEEN.size() >= 1000 && sink.drained());
      assertExactlyOnce(1000);
    }
  }

  @Test
  void acksArrivingAfterTheSinksTransactionTimeoutDoNotDuplicate() throws Exception {
    sink = new InJvmFlumeSink("late", 300);
    try (CuttableProxy proxy = new CuttableProxy(sink.address())) {
      ctx = context();
      ctx.flumePollingStream("flume", List.of(proxy.address()), 50, 2)
          .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
      ctx.start();
      int total = 3000;
      sink.put("l", 0, 1000);
      await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() >= 500);
      // Every request and ack now reaches the sink 400 ms late: each batch stored meanwhile is
      // rolled back by the sink before its ack arrives (transactionTimeout 300 ms).
      proxy.delayUpstream(400);
      sink.put("l", 1000, 1000);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> ctx.receiverStatuses().get(0).sourceCounters().get("flume.ackRefused") >= 3);
      proxy.delayUpstream(0);
      sink.put("l", 2000, 1000);
      await().atMost(Duration.ofSeconds(30)).until(() -> SEEN.size() >= total && sink.drained());
      assertExactlyOnce(total);
      Map<String, Long> counters = ctx.receiverStatuses().get(0).sourceCounters();
      assertThat(counters.get("flume.duplicatesDropped")).isPositive();
      System.out.println("FlumePollingFaultsTest: late acks, " + total + " events each stored once; "
          + counters);
    }
  }

  @Test
  void tlsRoundTripAndAReceiverTrustingAnotherCertificateIsRefused(@TempDir Path dir)
      throws Exception {
    TestKeystores.create(dir, "sink");
    TestKeystores.create(dir, "other");
    sink = new InJvmFlumeSink("tls", 30_000, "s3cret", Map.of("ssl", "true",
        "keystore", TestKeystores.keystore(dir, "sink").toString(),
        "keystore-password", TestKeystores.PASSWORD, "keystore-type", "PKCS12"));
    String password = TestKeystores.PASSWORD;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> context("unused").flumePollingStream(
            "bad", List.of(sink.address()), 100, 1,
            FlumeOptions.defaults().tls(dir.resolve("missing.p12").toString(), password, "PKCS12")))
        .hasMessageContaining("truststore").hasMessageContaining("missing.p12");
    ctx = context();
    ctx.flumePollingStream("wrong-cert", List.of(sink.address()), 100, 1, FlumeOptions.defaults()
            .secret("s3cret")
            .tls(TestKeystores.truststore(dir, "other").toString(), password, "PKCS12"))
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.flumePollingStream("plaintext", List.of(sink.address()), 100, 1, "s3cret")
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.flumePollingStream("trusted", List.of(sink.address()), 100, 2, FlumeOptions.defaults()
            .secret("s3cret")
            .tls(TestKeystores.truststore(dir, "sink").toString(), password, "PKCS12"))
        .foreachRdd((rdd, time) -> rdd.collect().forEach(FlumePollingFaultsTest::count));
    ctx.start();
    sink.put("t", 0, 2000);
    await().atMost(Duration.ofSeconds(30)).until(() -> SEEN.size() >= 2000 && sink.drained()
        && ctx.receiverStatuses().get(0).errors() > 0 && ctx.receiverStatuses().get(1).errors() > 0);
    assertExactlyOnce(2000);
    var statuses = ctx.receiverStatuses();
    assertThat(statuses.get(0).records()).isZero();
    assertThat(statuses.get(0).lastError()).contains("TLS handshake", "failed", "truststore");
    assertThat(statuses.get(1).records()).isZero();
    assertThat(statuses.get(1).lastError()).contains("ssl = true", "FlumeOptions.tls");
    assertThat(statuses.get(2).records()).isEqualTo(2000);
  }

  private Thread trickle(String prefix, int total) {
    return new Thread(() -> {
      for (int i = 0; i < total; i += 100) {
        sink.put(prefix, i, 100);
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  private static void assertExactlyOnce(int total) {
    assertThat(SEEN).hasSize(total);
    Map<String, Integer> twice = new java.util.TreeMap<>();
    SEEN.forEach((k, v) -> {
      if (v.get() != 1) {
        twice.put(k, v.get());
      }
    });
    assertThat(twice).as("events stored more than once").isEmpty();
  }
}
