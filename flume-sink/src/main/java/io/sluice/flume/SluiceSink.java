package io.sluice.flume;

import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.SharedSecret;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.ipc.netty.NettyServer;
import org.apache.avro.ipc.reflect.ReflectResponder;
import org.apache.flume.Context;
import org.apache.flume.FlumeException;
import org.apache.flume.conf.Configurable;
import org.apache.flume.instrumentation.SinkCounter;
import org.apache.flume.sink.AbstractSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flume sink that does not push: it serves its channel's events over Avro RPC ({@link
 * SluiceSinkProtocol}) to Sluice polling receivers, which store each batch durably in their
 * write-ahead log before acknowledging it. Each batch is one channel transaction, so an event
 * leaves the channel only once a receiver has it safe.
 *
 * <p>Agent configuration ({@code conf/flume-agent.properties} has a full example):
 * <pre>{@code
 * agent.sinks.sluice.type = io.sluice.flume.SluiceSink
 * agent.sinks.sluice.channel = ch
 * agent.sinks.sluice.hostname = 0.0.0.0
 * agent.sinks.sluice.port = 41414
 * agent.sinks.sluice.batchSize = 1000            # largest n a receiver may ask for
 * agent.sinks.sluice.transactionTimeout = 60000  # ms a batch waits for ack/nack
 * agent.sinks.sluice.threads = 10                # transactions open at once
 * agent.sinks.sluice.secret = ...                # optional: receivers must present it
 * }</pre>
 * {@code batchSize} must not exceed the channel's {@code transactionCapacity}.
 *
 * <p>Lifecycle and threads: Flume calls {@link #configure}, {@link #start}, then {@link #process}
 * in a loop on its sink-runner thread, and {@link #stop}. {@code start} opens the Netty server;
 * requests are answered on Avro's Netty threads. Flume transactions are bound to the thread that
 * opened them, so every batch runs on a thread of its own from a pool of {@code threads}: the thread
 * opens the transaction, takes up to n events, hands them to the request, and waits for the ack
 * (commit) or nack (roll back) up to {@code transactionTimeout} (roll back). When all threads hold
 * open transactions, further requests get an error (the receiver backs off) rather than waiting.
 * A receiver that disconnects mid-batch never acks, so its transaction rolls back at the timeout.
 * {@code process} only idles: the work happens on RPC.
 *
 * <p>Counters: the usual {@link SinkCounter} (batches empty/underflow/complete, events drained
 * attempted and committed, connection counts are not tracked per receiver).
 */
public final class SluiceSink extends AbstractSink implements Configurable {
  /** Flume context keys (relative to {@code agent.sinks.<name>.}). */
  public static final String HOSTNAME = "hostname";
  public static final String PORT = "port";
  public static final String BATCH_SIZE = "batchSize";
  public static final String TRANSACTION_TIMEOUT = "transactionTimeout";
  public static final String THREADS = "threads";
  /** Optional shared secret receivers must present (see {@link SharedSecret}). */
  public static final String SECRET = "secret";

  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;
  public static final int DEFAULT_THREADS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(SluiceSink.class);

  private String hostname;
  private int port;
  private int batchSize;
  private long transactionTimeoutMs;
  private int threads;
  private SharedSecret.Check secretCheck;

  private SinkCounter counter;
  private volatile NettyServer server;
  private volatile ThreadPoolExecutor transactionThreads;
  private final ConcurrentHashMap<String, ChannelBatch> open = new ConcurrentHashMap<>();
  private final AtomicLong sequences = new AtomicLong();
  private volatile CountDownLatch stopped = new CountDownLatch(0);
  /** Distinguishes this start's sequence ids from an earlier run's (an ack across a restart). */
  private volatile String runId = "";

  @Override
  public void configure(Context context) {
    hostname = context.getString(HOSTNAME);
    if (hostname == null || hostname.isBlank()) {
      throw new IllegalArgumentException("sink " + getName() + ": '" + HOSTNAME + "' is required");
    }
    Integer configuredPort = context.getInteger(PORT);
    if (configuredPort == null || configuredPort < 0 || configuredPort > 65535) {
      throw new IllegalArgumentException("sink " + getName() + ": '" + PORT
          + "' must be a port number (0 picks a free one), was " + context.getString(PORT));
    }
    port = configuredPort;
    batchSize = positive(context, BATCH_SIZE, DEFAULT_BATCH_SIZE);
    transactionTimeoutMs = positive(context, TRANSACTION_TIMEOUT, DEFAULT_TRANSACTION_TIMEOUT_MS);
    threads = positive(context, THREADS, DEFAULT_THREADS);
    String secret = context.getString(SECRET);
    secretCheck = secret == null || secret.isEmpty() ? null : new SharedSecret.Check(secret);
    if (counter == null) {
      counter = new SinkCounter(getName());
    }
  }

  private int positive(Context context, String key, int fallback) {
    return (int) positive(context, key, (long) fallback);
  }

  private long positive(Context context, String key, long fallback) {
    String raw = context.getString(key);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value > 0 && value <= Integer.MAX_VALUE) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("sink " + getName() + ": '" + key
        + "' must be a positive integer, was '" + raw + "'");
  }

  @Override
  public synchronized void start() {
    runId = Long.toString(System.currentTimeMillis(), 36);
    AtomicInteger threadIds = new AtomicInteger();
    // A synchronous hand-off: a request either gets a thread now or an error now, never a queue
    // slot behind transactions that may hold their thread for a whole transactionTimeout.
    transactionThreads = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "sluice-sink-" + getName() + "-txn-" + threadIds.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    transactionThreads.allowCoreThreadTimeOut(true);
    stopped = new CountDownLatch(1);
    counter.start();
    try {
      ReflectResponder responder = new ReflectResponder(SluiceSinkProtocol.class, new Handler());
      if (secretCheck != null) {
        responder.addRPCPlugin(secretCheck);
      }
      server = new NettyServer(responder, new InetSocketAddress(hostname, port));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlumeException("interrupted while starting sink " + getName(), e);
    } catch (RuntimeException e) {
      transactionThreads.shutdownNow();
      throw new FlumeException("sink " + getName() + " cannot serve on " + hostname + ":" + port, e);
    }
    LOG.info("Sluice sink {} serving on {}:{} (batchSize {}, transactionTimeout {} ms, {} threads, {})",
        getName(), hostname, server.getPort(), batchSize, transactionTimeoutMs, threads,
        secretCheck == null ? "no authentication" : "shared secret required");
    super.start();
  }

  @Override
  public synchronized void stop() {
    LOG.info("Sluice sink {} stopping; {} open transactions roll back", getName(), open.size());
    stopped.countDown();
    NettyServer current = server;
    if (current != null) {
      current.close();
    }
    open.values().forEach(batch -> batch.decide(ChannelBatch.Decision.STOPPING));
    ThreadPoolExecutor pool = transactionThreads;
    if (pool != null) {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("sink {}: transaction threads did not end within 10 s", getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    counter.stop();
    super.stop();
  }

  /** Nothing to push: idles until stopped, so the runner's loop costs nothing. */
  @Override
  public Status process() {
    try {
      stopped.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Status.BACKOFF;
  }

  /** The port actually served (useful with {@code port = 0}); -1 when not started. */
  public int port() {
    NettyServer current = server;
    return current == null ? -1 : current.getPort();
  }

  /** Transactions handed to receivers and not yet acked, nacked or timed out. */
  public int openTransactions() {
    return open.size();
  }

  SinkCounter counter() {
    return counter;
  }

  /** Answers RPCs on Avro's Netty threads; each batch is handed to a transaction thread. */
  private final class Handler implements SluiceSinkProtocol {
    @Override
    public EventBatch getEventBatch(int n) {
      if (!authenticated()) {
        return EventBatch.failed(UNAUTHENTICATED);
      }
      if (n <= 0 || n > batchSize) {
        LOG.warn("sink {}: refused a request for {} events (allowed 1..{})", getName(), n, batchSize);
        return EventBatch.failed("sink " + getName() + ": a batch must ask for 1 to " + batchSize
            + " events (the sink's batchSize), not " + n);
      }
      if (stopped.getCount() == 0) {
        return EventBatch.failed("sink " + getName() + " is stopping");
      }
      String sequence = getName() + "-" + runId + "-" + sequences.incrementAndGet();
      ChannelBatch batch = new ChannelBatch(sequence, n, getChannel(), transactionTimeoutMs, counter,
          open);
      try {
        transactionThreads.execute(batch);
      } catch (RejectedExecutionException e) {
        return EventBatch.failed("sink " + getName() + ": all " + threads
            + " transaction threads hold open batches; retry later");
      }
      return batch.awaitEvents();
    }

    @Override
    public AckResult ack(String sequence) {
      return settle(sequence, ChannelBatch.Decision.ACK);
    }

    @Override
    public AckResult nack(String sequence) {
      return settle(sequence, ChannelBatch.Decision.NACK);
    }

    private static final String UNAUTHENTICATED = "unauthenticated: this sink requires the shared"
        + " secret (sink key 'secret'), and the call did not carry it";

    private boolean authenticated() {
      if (secretCheck == null || secretCheck.authenticated()) {
        return true;
      }
      LOG.warn("sink {}: refused a call without the right shared secret", getName());
      return false;
    }

    private AckResult settle(String sequence, ChannelBatch.Decision decision) {
      if (!authenticated()) {
        return AckResult.failure(UNAUTHENTICATED);
      }
      ChannelBatch batch = sequence == null ? null : open.get(sequence);
      if (batch == null) {
        return AckResult.failure("sink " + getName() + ": no open transaction " + sequence
            + " (it timed out after " + transactionTimeoutMs + " ms and was rolled back, was already"
            + " settled, or was never served)");
      }
      return batch.settle(decision);
    }
  }
}
