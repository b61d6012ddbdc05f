package io.sluice.streaming.internal.receivers;

import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.FlumeEvent;
import io.sluice.flume.protocol.SharedSecret;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import io.sluice.records.Event;
import io.sluice.streaming.Receiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.ipc.netty.NettyTransceiver;
import org.apache.avro.ipc.reflect.ReflectRequestor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls events from Sluice sinks in Flume agents ({@code io.sluice.flume.SluiceSink}): for each
 * sink, {@code fetchersPerSink} threads, each with its own connection, loop over get a batch →
 * {@link #store(List) store it durably} → ack. A failed store nacks (the sink rolls back, the
 * events come again); a lost connection or a refusing sink is retried with a backoff growing from
 * 100 ms to 5 s, so a sink restart only pauses its fetchers. Events keep their Flume headers and
 * body; the event time is the {@code timestamp} header (epoch ms, as Flume's timestamp interceptor
 * sets it) when present and numeric, else the ingest time, which is the time the batch was stored.
 *
 * <p>An ack the sink refuses (the batch outlived the sink's {@code transactionTimeout}) is
 * reported as an error: the sink rolled back and will offer those events again, so they are
 * stored twice. Keep {@code transactionTimeout} well above the store latency.
 */
public final class FlumePollingReceiver extends Receiver<Event> {
  private static final Logger LOG = LoggerFactory.getLogger(FlumePollingReceiver.class);
  private static final long BACKOFF_INITIAL_MS = 100;
  private static final long BACKOFF_MAX_MS = 5000;
  /** How long a fetcher waits before asking again when its sink's channel was empty. */
  private static final long IDLE_POLL_MS = 50;
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final List<InetSocketAddress> sinks;
  private final int batchSize;
  private final int fetchersPerSink;
  /** The sinks' shared secret, or null when they do not require one. */
  private final String secret;
  private transient volatile List<Thread> fetchers;
  private transient Set<NettyTransceiver> connections;
  private transient AtomicLong refusedAcks;

  public FlumePollingReceiver(List<InetSocketAddress> sinks, int batchSize, int fetchersPerSink,
      String secret) {
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("a Flume polling receiver needs at least one sink address");
    }
    if (batchSize <= 0 || fetchersPerSink <= 0) {
      throw new IllegalArgumentException("batchSize and fetchersPerSink must be positive, were "
          + batchSize + " and " + fetchersPerSink);
    }
    this.sinks = List.copyOf(sinks);
    this.batchSize = batchSize;
    this.fetchersPerSink = fetchersPerSink;
    this.secret = secret;
  }

  @Override
  public void onStart() {
    connections = ConcurrentHashMap.newKeySet();
    refusedAcks = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (InetSocketAddress sink : sinks) {
      for (int i = 0; i < fetchersPerSink; i++) {
        Thread t = new Thread(() -> fetch(sink), "sluice-flume-" + streamName() + "-"
            + sink.getHostString() + ":" + sink.getPort() + "-" + i);
        t.setDaemon(true);
        threads.add(t);
      }
    }
    fetchers = threads;
    threads.forEach(Thread::start);
    LOG.info("[{}] polling {} Flume sink(s) {} with {} fetcher(s) each, batches of up to {}",
        streamName(), sinks.size(), sinks, fetchersPerSink, batchSize);
  }

  @Override
  public void onStop() {
    List<Thread> threads = fetchers;
    if (threads == null) {
      return;
    }
    threads.forEach(Thread::interrupt);
    // Closing unblocks a fetcher waiting on an RPC; Netty closes take seconds, so in parallel.
    List<Thread> closers = new ArrayList<>();
    for (NettyTransceiver c : connections) {
      Thread closer = new Thread(() -> close(c), "sluice-flume-close");
      closer.setDaemon(true);
      closer.start();
      closers.add(closer);
    }
    for (Thread t : threads) {
      join(t);
    }
    closers.forEach(FlumePollingReceiver::join);
  }

  /** Acks a sink refused since this receiver started (their events will be offered again). */
  public long refusedAcks() {
    AtomicLong count = refusedAcks;
    return count == null ? 0 : count.get();
  }

  private void fetch(InetSocketAddress sink) {
    long backoff = BACKOFF_INITIAL_MS;
    NettyTransceiver connection = null;
    SluiceSinkProtocol client = null;
    while (!isStopped()) {
      try {
        if (client == null) {
          connection = new NettyTransceiver(sink, CONNECT_TIMEOUT_MS);
          connections.add(connection);
          ReflectRequestor requestor = new ReflectRequestor(SluiceSinkProtocol.class, connection);
          if (secret != null) {
            requestor.addRPCPlugin(SharedSecret.clientPlugin(secret));
          }
          client = ReflectRequestor.getClient(SluiceSinkProtocol.class, requestor);
          LOG.info("[{}] connected to Flume sink {}", streamName(), sink);
        }
        EventBatch batch = client.getEventBatch(batchSize);
        if (batch.failed()) {
          reportError("Flume sink " + sink + " served no batch: " + batch.error(), null);
          backoff = pause(backoff);
          continue;
        }
        backoff = BACKOFF_INITIAL_MS;
        if (batch.events().isEmpty()) {
          Thread.sleep(IDLE_POLL_MS);
          continue;
        }
        storeThenAck(sink, client, batch);
      } catch (InterruptedException e) {
        break;
      } catch (IOException | RuntimeException e) {
        // Connection refused or dropped, the sink restarting, an RPC failure: reconnect later. A
        // batch in flight is rolled back by the sink at its transaction timeout.
        if (isStopped()) {
          break;
        }
        LOG.warn("[{}] Flume sink {} unreachable ({}); retrying in {} ms", streamName(), sink,
            e.toString(), backoff);
        if (connection != null) {
          connections.remove(connection);
          close(connection);
        }
        connection = null;
        client = null;
        try {
          backoff = pause(backoff);
        } catch (InterruptedException interrupted) {
          break;
        }
      }
    }
    if (connection != null) {
      connections.remove(connection);
      close(connection);
    }
  }

  private void storeThenAck(InetSocketAddress sink, SluiceSinkProtocol client, EventBatch batch) {
    long now = System.currentTimeMillis();
    List<Event> events = new ArrayList<>(batch.events().size());
    for (FlumeEvent e : batch.events()) {
      events.add(Event.of(e.headers(), e.body(), eventTime(e, now), now));
    }
    try {
      store(events);
    } catch (StoreException e) {
      LOG.warn("[{}] could not store batch {} of {} events from {}; nacking", streamName(),
          batch.sequence(), events.size(), sink, e);
      AckResult nacked = client.nack(batch.sequence());
      if (!nacked.ok()) {
        LOG.warn("[{}] nack of {} refused: {}", streamName(), batch.sequence(), nacked.error());
      }
      return;
    }
    AckResult acked = client.ack(batch.sequence());
    if (!acked.ok()) {
      refusedAcks.incrementAndGet();
      reportError("Flume sink " + sink + " refused the ack of stored batch " + batch.sequence()
          + " (" + events.size() + " events, which it will offer again): " + acked.error(), null);
    }
  }

  private static long eventTime(FlumeEvent e, long fallback) {
    String timestamp = e.headers().get("timestamp");
    if (timestamp != null) {
      try {
        return Long.parseLong(timestamp);
      } catch (NumberFormatException ignored) {
        // not epoch millis: fall back to the ingest time
      }
    }
    return fallback;
  }

  private static long pause(long backoff) throws InterruptedException {
    Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
    return Math.min(backoff * 2, BACKOFF_MAX_MS);
  }

  private static void close(NettyTransceiver connection) {
    try {
      connection.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a Flume sink connection failed", e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
