package io.sluice.flume;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.FlumeEvent;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Protocol;
import org.apache.avro.ipc.netty.NettyTransceiver;
import org.apache.avro.ipc.reflect.ReflectRequestor;
import org.apache.avro.reflect.ReflectData;
import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink in this JVM on a real Flume memory channel, polled over real Avro RPC: ack commits, nack
 * and timeout roll back, a late ack is an error, bad requests are refused and the sink keeps serving.
 */
@Timeout(30)
class SluiceSinkTest {
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private Channel channel;

  @AfterEach
  void close() {
    // Netty closes take seconds each (STACK.md): close in the background, in parallel.
    for (AutoCloseable c : cleanup) {
      Thread t = new Thread(() -> {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort
        }
      });
      t.setDaemon(true);
      t.start();
    }
  }

  private SluiceSink sink(long timeoutMs, int threads) {
    return sink(timeoutMs, threads, Map.of());
  }

  private SluiceSink sink(long timeoutMs, int threads, Map<String, String> extra) {
    MemoryChannel memory = new MemoryChannel();
    memory.setName("ch");
    // keep-alive 0: a take on an empty channel returns at once instead of waiting 3 s.
    Configurables.configure(memory, new Context(Map.of("capacity", "10000",
        "transactionCapacity", "1000", "keep-alive", "0")));
    memory.start();
    channel = memory;
    SluiceSink sink = new SluiceSink();
    sink.setName("sluice");
    sink.setChannel(memory);
    Map<String, String> conf = new HashMap<>(Map.of("hostname", "127.0.0.1", "port", "0",
        "batchSize", "100", "transactionTimeout", Long.toString(timeoutMs),
        "threads", Integer.toString(threads)));
    conf.putAll(extra);
    Configurables.configure(sink, new Context(conf));
    sink.start();
    cleanup.add(sink::stop);
    cleanup.add(memory::stop);
    return sink;
  }

  private SluiceSinkProtocol client(SluiceSink sink) throws Exception {
    NettyTransceiver transceiver = new NettyTransceiver(new InetSocketAddress("127.0.0.1", sink.port()));
    cleanup.add(0, transceiver::close);
    return ReflectRequestor.getClient(SluiceSinkProtocol.class, transceiver);
  }

  private void put(int from, int count) {
    Transaction tx = channel.getTransaction();
    tx.begin();
    for (int i = from; i < from + count; i++) {
      channel.put(EventBuilder.withBody(("event-" + i).getBytes(UTF_8), Map.of("i", Integer.toString(i))));
    }
    tx.commit();
    tx.close();
  }

  private static List<String> bodies(EventBatch batch) {
    return batch.events().stream().map(e -> new String(e.body(), UTF_8)).toList();
  }

  private static List<String> expected(int from, int count) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add("event-" + i);
    }
    return out;
  }

  @Test
  void ackCommitsTheBatchWithHeadersAndBodies() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    SluiceSinkProtocol client = client(sink);
    put(0, 10);

    EventBatch batch = client.getEventBatch(100);
    assertThat(batch.failed()).isFalse();
    assertThat(bodies(batch)).containsExactlyElementsOf(expected(0, 10));
    FlumeEvent third = batch.events().get(3);
    assertThat(third.headers()).containsEntry("i", "3");
    assertThat(sink.openTransactions()).isEqualTo(1);

    assertThat(client.ack(batch.sequence()).ok()).isTrue();
    assertThat(sink.openTransactions()).isZero();
    EventBatch next = client.getEventBatch(100);
    assertThat(next.failed()).isFalse();
    assertThat(next.events()).isEmpty();
    assertThat(sink.counter().getEventDrainSuccessCount()).isEqualTo(10);
  }

  @Test
  void batchesNeverExceedTheRequestedSize() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    SluiceSinkProtocol client = client(sink);
    put(0, 25);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      EventBatch batch = client.getEventBatch(10);
      assertThat(batch.events()).hasSizeLessThanOrEqualTo(10);
      all.addAll(bodies(batch));
      assertThat(client.ack(batch.sequence()).ok()).isTrue();
    }
    assertThat(all).containsExactlyElementsOf(expected(0, 25));
  }

  @Test
  void nackRollsBackAndTheEventsAreOfferedAgain() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    SluiceSinkProtocol client = client(sink);
    put(0, 5);
    EventBatch first = client.getEventBatch(100);
    assertThat(client.nack(first.sequence()).ok()).isTrue();
    assertThat(client.ack(first.sequence()).ok()).as("settled already").isFalse();

    EventBatch again = client.getEventBatch(100);
    assertThat(again.sequence()).isNotEqualTo(first.sequence());
    assertThat(bodies(again)).containsExactlyElementsOf(expected(0, 5));
    assertThat(client.ack(again.sequence()).ok()).isTrue();
  }

  @Test
  void timeoutRollsBackAndALateAckIsReportedAsAnError() throws Exception {
    SluiceSink sink = sink(300, 2);
    SluiceSinkProtocol client = client(sink);
    put(0, 5);
    EventBatch batch = client.getEventBatch(100);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.openTransactions() == 0);

    AckResult late = client.ack(batch.sequence());
    assertThat(late.ok()).isFalse();
    assertThat(late.outcome()).isEqualTo(AckResult.ROLLED_BACK);
    assertThat(late.error()).contains("rolled back", "no ack within the transactionTimeout of 300 ms");
    assertThat(sink.counter().getEventDrainSuccessCount()).isZero();

    EventBatch again = client.getEventBatch(100);
    assertThat(bodies(again)).containsExactlyElementsOf(expected(0, 5));
    assertThat(client.ack(again.sequence()).ok()).isTrue();
  }

  @Test
  void aClientThatDisconnectsMidBatchHasItsTransactionRolledBack() throws Exception {
    SluiceSink sink = sink(500, 2);
    NettyTransceiver gone = new NettyTransceiver(new InetSocketAddress("127.0.0.1", sink.port()));
    put(0, 7);
    EventBatch taken = ReflectRequestor.getClient(SluiceSinkProtocol.class, gone).getEventBatch(100);
    assertThat(taken.events()).hasSize(7);
    cleanup.add(gone::close);
    new Thread(gone::close).start();

    SluiceSinkProtocol other = client(sink);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.openTransactions() == 0);
    EventBatch again = other.getEventBatch(100);
    assertThat(bodies(again)).containsExactlyElementsOf(expected(0, 7));
    assertThat(other.ack(again.sequence()).ok()).isTrue();
  }

  @Test
  void badRequestsAreRefusedWithAClearErrorAndTheSinkKeepsServing() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    SluiceSinkProtocol client = client(sink);
    for (int n : new int[] {0, -1, 101, 1_000_000_000}) {
      EventBatch refused = client.getEventBatch(n);
      assertThat(refused.failed()).as("n = %d", n).isTrue();
      assertThat(refused.error()).contains("1 to 100", "not " + n);
    }
    assertThat(client.ack("no-such-batch").error()).contains("no transaction no-such-batch");
    assertThat(client.nack("no-such-batch").ok()).isFalse();

    put(0, 3);
    EventBatch batch = client.getEventBatch(100);
    assertThat(bodies(batch)).containsExactlyElementsOf(expected(0, 3));
    assertThat(client.ack(batch.sequence()).ok()).isTrue();
  }

  @Test
  void malformedFramesDropThatConnectionOnly() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    // A Netty Avro frame is serial, count, then length-prefixed buffers: claim 2^31-1 buffers of
    // 2^31-1 bytes, then junk.
    try (Socket raw = new Socket("127.0.0.1", sink.port())) {
      OutputStream out = raw.getOutputStream();
      out.write(new byte[] {0, 0, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff,
          0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5});
      out.write("GET / HTTP/1.1\r\n\r\n".getBytes(UTF_8));
      out.flush();
      raw.setSoTimeout(5000);
      InputStream in = raw.getInputStream();
      try {
        while (in.read() >= 0) {
          // drain until the sink drops us
        }
      } catch (java.io.IOException expected) {
        // reset or timeout: either way the sink must still serve others
      }
    }
    SluiceSinkProtocol client = client(sink);
    put(0, 2);
    EventBatch batch = client.getEventBatch(100);
    assertThat(bodies(batch)).containsExactlyElementsOf(expected(0, 2));
    assertThat(client.ack(batch.sequence()).ok()).isTrue();
  }

  @Test
  void whenEveryTransactionThreadIsBusyFurtherRequestsGetAnError() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    SluiceSinkProtocol client = client(sink);
    put(0, 3);
    EventBatch a = client.getEventBatch(1);
    EventBatch b = client.getEventBatch(1);
    EventBatch c = client.getEventBatch(1);
    assertThat(c.failed()).isTrue();
    assertThat(c.error()).contains("all 2 transaction threads");
    assertThat(client.ack(a.sequence()).ok()).isTrue();
    assertThat(client.ack(b.sequence()).ok()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      EventBatch d = client.getEventBatch(1);
      if (d.failed()) {
        return false;
      }
      assertThat(bodies(d)).containsExactly("event-2");
      return client.ack(d.sequence()).ok();
    });
  }

  @Test
  void withASecretOnlyReceiversPresentingItAreServed() throws Exception {
    SluiceSink sink = sink(10_000, 2, Map.of("secret", "s3cret"));
    put(0, 4);
    SluiceSinkProtocol anonymous = client(sink);
    EventBatch refused = anonymous.getEventBatch(10);
    assertThat(refused.failed()).isTrue();
    assertThat(refused.error()).contains("unauthenticated");
    assertThat(anonymous.ack("x").error()).contains("unauthenticated");
    assertThat(clientWithSecret(sink, "wrong").getEventBatch(10).error()).contains("unauthenticated");

    SluiceSinkProtocol trusted = clientWithSecret(sink, "s3cret");
    EventBatch batch = trusted.getEventBatch(10);
    assertThat(bodies(batch)).containsExactlyElementsOf(expected(0, 4));
    assertThat(trusted.ack(batch.sequence()).ok()).isTrue();
  }

  private SluiceSinkProtocol clientWithSecret(SluiceSink sink, String secret) throws Exception {
    NettyTransceiver transceiver = new NettyTransceiver(new InetSocketAddress("127.0.0.1", sink.port()));
    cleanup.add(0, transceiver::close);
    ReflectRequestor requestor = new ReflectRequestor(SluiceSinkProtocol.class, transceiver);
    requestor.addRPCPlugin(io.sluice.flume.protocol.SharedSecret.clientPlugin(secret));
    return ReflectRequestor.getClient(SluiceSinkProtocol.class, requestor);
  }

  @Test
  void acksAreIdempotentAndTellWhatBecameOfTheBatch() throws Exception {
    SluiceSink sink = sink(10_000, 2);
    SluiceSinkProtocol client = client(sink);
    put(0, 3);
    EventBatch committed = client.getEventBatch(100);
    assertThat(client.ack(committed.sequence()).outcome()).isEqualTo(AckResult.COMMITTED);
    // the first answer lost: asked again, from another connection
    AckResult again = client(sink).ack(committed.sequence());
    assertThat(again.ok()).isTrue();
    assertThat(again.outcome()).isEqualTo(AckResult.COMMITTED);
    assertThat(sink.counter().getEventDrainSuccessCount()).isEqualTo(3);

    put(3, 2);
    EventBatch nacked = client.getEventBatch(100);
    assertThat(client.nack(nacked.sequence()).ok()).isTrue();
    AckResult ackAfterNack = client.ack(nacked.sequence());
    assertThat(ackAfterNack.ok()).isFalse();
    assertThat(ackAfterNack.outcome()).isEqualTo(AckResult.ROLLED_BACK);

    AckResult otherRun = client.ack("sluice-zzzz-1");
    assertThat(otherRun.ok()).isFalse();
    assertThat(otherRun.outcome()).isEqualTo(AckResult.UNKNOWN);
    assertThat(otherRun.error()).contains("not served by this run");
  }

  @Test
  void aDisconnectRollsBackAtOnceNotAtTheTransactionTimeout() throws Exception {
    SluiceSink sink = sink(60_000, 2);
    NettyTransceiver gone = new NettyTransceiver(new InetSocketAddress("127.0.0.1", sink.port()));
    put(0, 7);
    EventBatch taken = ReflectRequestor.getClient(SluiceSinkProtocol.class, gone).getEventBatch(100);
    assertThat(taken.events()).hasSize(7);
    assertThat(sink.openTransactions()).isEqualTo(1);
    assertThat(sink.connectionsWithBatches()).isEqualTo(1);
    long closedAt = System.nanoTime();
    new Thread(gone::close).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.openTransactions() == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(10));
    SluiceSinkProtocol other = client(sink);
    AckResult late = other.ack(taken.sequence());
    assertThat(late.outcome()).isEqualTo(AckResult.ROLLED_BACK);
    assertThat(late.error()).contains("connection closed before it acked");
    EventBatch again = other.getEventBatch(100);
    assertThat(bodies(again)).containsExactlyElementsOf(expected(0, 7));
    assertThat(other.ack(again.sequence()).ok()).isTrue();
    assertThat(sink.connectionsWithBatches()).isZero();
  }

  @Test
  void tlsWithASecretServesAClientTrustingTheSinksCertificate(@TempDir Path dir) throws Exception {
    TestKeystores.create(dir, "sink");
    SluiceSink sink = sink(10_000, 2, tlsConf(dir, "sink", Map.of("secret", "s3cret")));
    put(0, 5);
    SluiceSinkProtocol client = tlsClient(sink, dir, "sink", "s3cret");
    EventBatch batch = client.getEventBatch(100);
    assertThat(bodies(batch)).containsExactlyElementsOf(expected(0, 5));
    assertThat(client.ack(batch.sequence()).ok()).isTrue();
    assertThat(tlsClient(sink, dir, "sink", "wrong").getEventBatch(10).error()).contains("unauthenticated");
  }

  @Test
  void aWrongCertificateOrPlaintextIsRefusedAndTheSinkKeepsServing(@TempDir Path dir) throws Exception {
    TestKeystores.create(dir, "sink");
    TestKeystores.create(dir, "other");
    SluiceSink sink = sink(10_000, 2, tlsConf(dir, "sink", Map.of()));
    put(0, 5);

    // trusts another certificate: the handshake fails on the client, naming the reason
    io.netty.handler.ssl.SslContext wrongTrust = io.sluice.flume.protocol.Tls.client(
        TestKeystores.truststore(dir, "other").toString(), TestKeystores.PASSWORD, "PKCS12");
    java.util.concurrent.atomic.AtomicReference<io.netty.handler.ssl.SslHandler> handler =
        new java.util.concurrent.atomic.AtomicReference<>();
    NettyTransceiver wrong = new NettyTransceiver(new InetSocketAddress("127.0.0.1", sink.port()), 5000,
        ch -> {
          io.sluice.flume.protocol.Tls.initializer(wrongTrust).accept(ch);
          handler.set((io.netty.handler.ssl.SslHandler) ch.pipeline().get("ssl"));
        });
    cleanup.add(0, wrong::close);
    var handshake = handler.get().handshakeFuture().await();
    assertThat(handshake.isSuccess()).isFalse();
    assertThat(String.valueOf(handshake.cause())).containsIgnoringCase("certification path");

    // plaintext against TLS: the sink drops the connection, the call fails
    SluiceSinkProtocol plain = client(sink);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.getEventBatch(10))
        .isInstanceOf(Exception.class);

    // a correctly configured receiver is still served everything
    SluiceSinkProtocol good = tlsClient(sink, dir, "sink", null);
    EventBatch batch = good.getEventBatch(100);
    assertThat(bodies(batch)).containsExactlyElementsOf(expected(0, 5));
    assertThat(good.ack(batch.sequence()).ok()).isTrue();
    assertThat(sink.openTransactions()).isZero();
  }

  @Test
  void tlsConfigurationErrorsNameTheKey(@TempDir Path dir) throws Exception {
    SluiceSink sink = new SluiceSink();
    sink.setName("s");
    Map<String, String> base = Map.of("hostname", "localhost", "port", "1");
    Map<String, String> noKeystore = new HashMap<>(base);
    noKeystore.put("ssl", "true");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.configure(new Context(noKeystore)))
        .hasMessageContaining("'keystore'");
    TestKeystores.create(dir, "sink");
    Map<String, String> badPassword = new HashMap<>(tlsConf(dir, "sink", base));
    badPassword.put("keystore-password", "nope");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.configure(new Context(badPassword)))
        .hasMessageContaining("sink.p12").hasMessageContaining("password");
  }

  private static Map<String, String> tlsConf(Path dir, String name, Map<String, String> extra) {
    Map<String, String> conf = new HashMap<>(extra);
    conf.put("ssl", "true");
    conf.put("keystore", TestKeystores.keystore(dir, name).toString());
    conf.put("keystore-password", TestKeystores.PASSWORD);
    conf.put("keystore-type", "PKCS12");
    return conf;
  }

  private SluiceSinkProtocol tlsClient(SluiceSink sink, Path dir, String trusted, String secret)
      throws Exception {
    io.netty.handler.ssl.SslContext context = io.sluice.flume.protocol.Tls.client(
        TestKeystores.truststore(dir, trusted).toString(), TestKeystores.PASSWORD, "PKCS12");
    NettyTransceiver transceiver = new NettyTransceiver(new InetSocketAddress("127.0.0.1", sink.port()),
        5000, io.sluice.flume.protocol.Tls.initializer(context));
    cleanup.add(0, transceiver::close);
    ReflectRequestor requestor = new ReflectRequestor(SluiceSinkProtocol.class, transceiver);
    if (secret != null) {
      requestor.addRPCPlugin(io.sluice.flume.protocol.SharedSecret.clientPlugin(secret));
    }
    return ReflectRequestor.getClient(SluiceSinkProtocol.class, requestor);
  }

  @Test
  void badConfigurationNamesTheKey() {
    SluiceSink sink = new SluiceSink();
    sink.setName("s");
    Map<String, String> conf = new HashMap<>(Map.of("hostname", "localhost", "port", "1"));
    conf.put("batchSize", "0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.configure(new Context(conf)))
        .hasMessageContaining("'batchSize' must be a positive integer, was '0'");
    conf.put("batchSize", "10");
    conf.remove("port");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.configure(new Context(conf)))
        .hasMessageContaining("'port'");
  }

  @Test
  void theCheckedInProtocolIsTheOneServed() throws Exception {
    Protocol served = ReflectData.get().getProtocol(SluiceSinkProtocol.class);
    Protocol checkedIn = Protocol.parse(Files.readString(Path.of("src/main/avro/SluiceSinkProtocol.avpr")));
    assertThat(served).isEqualTo(checkedIn);
  }
}
