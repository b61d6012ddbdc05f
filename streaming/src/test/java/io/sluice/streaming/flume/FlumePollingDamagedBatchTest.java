package io.sluice.streaming.flume;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import io.sluice.streaming.ReceiverStatus;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.ipc.netty.NettyServer;
import org.apache.avro.ipc.reflect.ReflectResponder;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polling receiver against a sink that answers with a damaged batch, index and event bytes
 * disagreeing. A real sink cannot be made to send one, so a scripted sink speaks the real protocol
 * over Avro's Netty RPC (served as {@code SluiceSink} serves it: a {@link ReflectResponder} for
 * {@link SluiceSinkProtocol} in a {@link NettyServer}).
 */
@Timeout(30)
class FlumePollingDamagedBatchTest {
  /** Body -> times seen in a batch output; static because output functions are serialized. */
  private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();
  private static final int GOOD_EVENTS = 10;

  @TempDir Path tmp;
  private StreamingContext ctx;
  private ScriptedSink sink;

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

  @Test
  void aDamagedBatchIsNackedReportedAndNeverStoredAndTheNextBatchIsStoredOnce() throws Exception {
    sink = new ScriptedSink(damaged("damaged-1", "bad", 5), batch("good-2", "good", GOOD_EVENTS));
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    ctx = new StreamingContext(conf, Duration.ofMillis(200))
        .checkpoint(tmp.resolve("checkpoint").toUri().toString());
    ctx.flumePollingStream("flume", List.of(sink.address()), 100, 1)
        .foreachRdd((rdd, time) -> rdd.collect().forEach(e ->
            SEEN.computeIfAbsent(e.line(), k -> new AtomicInteger()).incrementAndGet()));
    ctx.start();

    await("good-2 acked and its events stored").atMost(Duration.ofSeconds(20)).until(() -> sink.acks.contains("good-2")
        && SEEN.size() >= GOOD_EVENTS && ctx.receiverStatuses().get(0).records() >= GOOD_EVENTS);

    assertThat(sink.calls).as("the sink's calls, empty polls left out").startsWith(
        "getEventBatch -> damaged-1", "nack damaged-1", "getEventBatch -> good-2", "ack good-2");
    assertThat(sink.nacks).containsExactly("damaged-1");
    assertThat(sink.acks).containsExactly("good-2");
    for (int i = 0; i < GOOD_EVENTS; i++) {
      assertThat(SEEN.get("good-" + i)).as("good-" + i).hasValue(1);
    }
    assertThat(SEEN.keySet()).as("no event of the damaged batch").allMatch(k -> k.startsWith("good-"));
    ReceiverStatus status = ctx.receiverStatuses().get(0);
    assertThat(status.records()).as("records stored").isEqualTo(GOOD_EVENTS);
    assertThat(status.errors()).isEqualTo(1);
    assertThat(status.lastError()).contains("damaged batch", "nacking it", "batch damaged-1",
        "index covers");
  }

  /** {@code prefix-0} .. {@code prefix-(count-1)}, as a sink encodes them. */
  private static EventBatch batch(String sequence, String prefix, int count) {
    EventBatch.Builder builder = new EventBatch.Builder().reset(count);
    for (int i = 0; i < count; i++) {
      builder.add(Map.of("source", prefix, "timestamp", Long.toString(1_000_000L + i)),
          (prefix + "-" + i).getBytes(UTF_8));
    }
    return builder.build(sequence).validate();
  }

  /** A batch whose index claims 1000 bytes more for its first event than the events hold. */
  private static EventBatch damaged(String sequence, String prefix, int count) {
    EventBatch batch = batch(sequence, prefix, count);
    ByteBuffer index = batch.index(); // a view of the batch's own index: damages it in place
    index.putInt(0, index.getInt(0) + 1000);
    return batch;
  }

  /**
   * Serves {@code first} to the first getEventBatch, {@code second} once {@code first} was nacked,
   * then empty batches; records every ack and nack, and every call but empty polls, in order.
   */
  private static final class ScriptedSink implements SluiceSinkProtocol, AutoCloseable {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> acks = new CopyOnWriteArrayList<>();
    final List<String> nacks = new CopyOnWriteArrayList<>();
    private final EventBatch first;
    private final EventBatch second;
    private final NettyServer server;
    private boolean firstServed;
    private boolean secondServed;

    ScriptedSink(EventBatch first, EventBatch second) throws InterruptedException {
      this.first = first;
      this.second = second;
      ReflectResponder responder = new ReflectResponder(SluiceSinkProtocol.class, this);
      server = new NettyServer(responder, new InetSocketAddress("127.0.0.1", 0));
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getPort());
    }

    @Override
    public synchronized EventBatch getEventBatch(int n) {
      EventBatch answer = EventBatch.empty();
      if (!firstServed) {
        firstServed = true;
        answer = first;
      } else if (!secondServed && nacks.contains(first.sequence())) {
        secondServed = true;
        answer = second;
      }
      if (!answer.isEmpty()) {
        calls.add("getEventBatch -> " + answer.sequence());
      }
      return answer;
    }

    @Override
    public synchronized AckResult ack(String sequence) {
      calls.add("ack " + sequence);
      acks.add(sequence);
      return second.sequence().equals(sequence) ? AckResult.committed()
          : AckResult.unknown("no transaction " + sequence + " to ack");
    }

    @Override
    public synchronized AckResult nack(String sequence) {
      calls.add("nack " + sequence);
      nacks.add(sequence);
      return first.sequence().equals(sequence) ? AckResult.success()
          : AckResult.failure("no transaction " + sequence + " to nack");
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
