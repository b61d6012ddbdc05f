package io.sluice.streaming.flume;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.flume.SluiceSink;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.SinkRunner;
import org.apache.flume.Transaction;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.sink.DefaultSinkProcessor;

/**
 * The Flume half of an agent in this JVM: a real memory channel and a Sluice sink under Flume's own
 * {@link SinkRunner}; the test plays the source with {@link #put}. The sink can be stopped and
 * started again (on the same port) while the channel keeps its events, as across an agent's sink
 * restart.
 */
final class InJvmFlumeSink implements AutoCloseable {
  private final String name;
  private final MemoryChannel channel = new MemoryChannel();
  private final long transactionTimeoutMs;
  private final String secret;
  private final Map<String, String> extra;
  private SluiceSink sink;
  private SinkRunner runner;
  private int port;

  InJvmFlumeSink(String name, long transactionTimeoutMs) {
    this(name, transactionTimeoutMs, null);
  }

  InJvmFlumeSink(String name, long transactionTimeoutMs, String secret) {
    this(name, transactionTimeoutMs, secret, Map.of());
  }

  /** With {@code extra} sink keys (TLS, say). */
  InJvmFlumeSink(String name, long transactionTimeoutMs, String secret, Map<String, String> extra) {
    this.secret = secret;
    this.extra = Map.copyOf(extra);
    this.name = name;
    this.transactionTimeoutMs = transactionTimeoutMs;
    channel.setName(name + "-channel");
    // keep-alive 0: a take on an empty channel returns at once rather than after 3 s.
    Configurables.configure(channel, new Context(Map.of("capacity", "100000",
        "transactionCapacity", "1000", "keep-alive", "0")));
    channel.start();
    startSink();
  }

  void startSink() {
    sink = new SluiceSink();
    sink.setName(name);
    sink.setChannel(channel);
    Map<String, String> conf = new HashMap<>();
    conf.put("hostname", "127.0.0.1");
    conf.put("port", Integer.toString(port)); // 0 the first time, the same port after a restart
    conf.put("batchSize", "1000");
    conf.put("transactionTimeout", Long.toString(transactionTimeoutMs));
    conf.put("threads", "4");
    if (secret != null) {
      conf.put("secret", secret);
    }
    conf.putAll(extra);
    Configurables.configure(sink, new Context(conf));
    DefaultSinkProcessor processor = new DefaultSinkProcessor();
    processor.setSinks(java.util.List.of(sink));
    runner = new SinkRunner(processor);
    runner.start();
    port = sink.port();
  }

  void stopSink() {
    runner.stop();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  SluiceSink sink() {
    return sink;
  }

  Channel channel() {
    return channel;
  }

  /**
   * Puts events {@code prefix-from} .. {@code prefix-(from+count-1)} in transactions of 100, with a
   * {@code timestamp} header of 1 000 000 + i, except every tenth from i = 3 (no header) and from
   * i = 4 (a header that is not a number).
   */
  void put(String prefix, int from, int count) {
    put(prefix, from, count, 0);
  }

  /** Like {@link #put(String, int, int)}, each body padded with spaces to {@code bodyBytes}. */
  void put(String prefix, int from, int count, int bodyBytes) {
    for (int start = from; start < from + count; start += 100) {
      Transaction tx = channel.getTransaction();
      tx.begin();
      for (int i = start; i < Math.min(start + 100, from + count); i++) {
        Map<String, String> headers = switch (i % 10) {
          case 3 -> Map.of("source", prefix);
          case 4 -> Map.of("source", prefix, "timestamp", "soon");
          default -> Map.of("source", prefix, "timestamp", Long.toString(1_000_000L + i));
        };
        String body = prefix + "-" + i;
        channel.put(EventBuilder.withBody((body + " ".repeat(Math.max(0, bodyBytes - body.length())))
            .getBytes(UTF_8), headers));
      }
      tx.commit();
      tx.close();
    }
  }

  /** Events still in the channel (taken-but-unacked ones count as in it). */
  boolean drained() {
    return sink.openTransactions() == 0 && channelEmpty();
  }

  private boolean channelEmpty() {
    Transaction tx = channel.getTransaction();
    tx.begin();
    try {
      org.apache.flume.Event e = channel.take();
      tx.rollback();
      return e == null;
    } finally {
      tx.close();
    }
  }

  @Override
  public void close() {
    runner.stop();
    channel.stop();
  }
}
