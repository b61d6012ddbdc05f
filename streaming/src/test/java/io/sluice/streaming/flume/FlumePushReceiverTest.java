package io.sluice.streaming.flume;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.records.Event;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flume.Context;
import org.apache.flume.SinkRunner;
import org.apache.flume.Transaction;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.sink.AvroSink;
import org.apache.flume.sink.DefaultSinkProcessor;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Flume Avro sink (in this JVM, on a real memory channel, under Flume's sink runner) pushes
 * to the push receiver in a streaming context; every event arrives exactly once with its headers,
 * and the channel empties, which it does only as the receiver answers OK after durable stores.
 */
@Timeout(60)
class FlumePushReceiverTest {
  private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();
  private static final Map<String, Event> SAMPLE = new ConcurrentHashMap<>();

  @TempDir Path tmp;

  @Test
  void aStockAvroSinkPushesEveryEventExactlyOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    StreamingContext ctx = new StreamingContext(conf, Duration.ofMillis(200))
        .checkpoint(tmp.resolve("checkpoint").toUri().toString());
    ctx.flumePushStream("push", "127.0.0.1", port).foreachRdd((rdd, time) -> {
      for (Event e : rdd.collect()) {
        SEEN.computeIfAbsent(e.line(), k -> new AtomicInteger()).incrementAndGet();
        SAMPLE.putIfAbsent(e.line(), e);
      }
    });
    ctx.start();

    MemoryChannel channel = new MemoryChannel();
    channel.setName("push-channel");
    Configurables.configure(channel, new Context(Map.of("capacity", "100000",
        "transactionCapacity", "1000", "keep-alive", "0")));
    channel.start();
    AvroSink sink = new AvroSink();
    sink.setName("avro");
    sink.setChannel(channel);
    Configurables.configure(sink, new Context(Map.of("hostname", "127.0.0.1",
        "port", Integer.toString(port), "batch-size", "200")));
    DefaultSinkProcessor processor = new DefaultSinkProcessor();
    processor.setSinks(List.of(sink));
    SinkRunner runner = new SinkRunner(processor);
    runner.start();
    try {
      int total = 5000;
      for (int start = 0; start < total; start += 500) {
        Transaction tx = channel.getTransaction();
        tx.begin();
        for (int i = start; i < start + 500; i++) {
          channel.put(EventBuilder.withBody(("p-" + i).getBytes(UTF_8),
              Map.of("host", "web-1", "timestamp", Long.toString(2_000_000L + i))));
        }
        tx.commit();
        tx.close();
      }
      await().atMost(Duration.ofSeconds(40)).until(() -> SEEN.size() >= total
          && empty(channel));
      assertThat(SEEN).hasSize(total);
      assertThat(SEEN.values()).allMatch(n -> n.get() == 1);
      assertThat(SAMPLE.get("p-7").headers()).containsEntry("host", "web-1");
      assertThat(SAMPLE.get("p-7").eventTimeMillis()).isEqualTo(2_000_007L);
    } finally {
      runner.stop();
      channel.stop();
      ctx.stop(false);
    }
  }

  /** True when nothing is left in the channel (the Avro sink got OK for everything). */
  private static boolean empty(MemoryChannel channel) {
    Transaction tx = channel.getTransaction();
    tx.begin();
    try {
      boolean empty = channel.take() == null;
      tx.rollback();
      return empty;
    } finally {
      tx.close();
    }
  }
}
