package io.sluice.flume;

import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.SharedSecret;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import io.sluice.flume.protocol.Tls;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * agent.sinks.sluice.ackHistory = 10000          # outcomes remembered for repeated acks
 * agent.sinks.sluice.ssl = true                  # optional TLS, keys as Flume's Avro source
 * agent.sinks.sluice.keystore = /etc/flume/sink.p12
 * agent.sinks.sluice.keystore-password = ...
 * agent.sinks.sluice.keystore-type = PKCS12      # default JKS
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
 * A receiver that disconnects mid-batch never acks, so its open transactions roll back as soon as
 * the sink sees the connection close (or, at the latest, at the timeout). {@code process} only
 * idles: the work happens on RPC.
 *
 * <p>Acks are idempotent: the sink remembers the outcome of its last {@code ackHistory} batches, so
 * an ack repeated for a batch that committed (the first answer was lost with its connection) is
 * answered as committed, one for a batch that rolled back says so ({@link
 * io.sluice.flume.protocol.AckResult#ROLLED_BACK}), and one the sink cannot place (an earlier run,
 * or forgotten) is {@link io.sluice.flume.protocol.AckResult#UNKNOWN}. Receivers use this to store
 * every event exactly once.
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
  /** How many batch outcomes (committed / rolled back) the sink remembers for repeated acks. */
  public static final String ACK_HISTORY = "ackHistory";
  /** TLS, with Flume's Avro source key names. */
  public static final String SSL = "ssl";
  public static final String KEYSTORE = "keystore";
  public static final String KEYSTORE_PASSWORD = "keystore-password";
  public static final String KEYSTORE_TYPE = "keystore-type";
  public static final int DEFAULT_ACK_HISTORY = 10_000;

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
  private int ackHistory;
  private io.netty.handler.ssl.SslContext tls;
  /** Outcomes of settled batches, true for committed; the oldest forgotten past ackHistory. */
  private final Map<String, ChannelBatch.Outcome> outcomes = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ChannelBatch.Outcome> eldest) {
      return size() > ackHistory;
    }
  };
  private volatile Connections connections;

  private SinkCounter counter;
  private volatile NettyServer server;
  private volatile ThreadPoolExecutor transactionThreads;
  private final ConcurrentHashMap<String, ChannelBatch> open = new ConcurrentHashMap<>();
  /** Held while one of this sink's transactions takes its events (see ChannelBatch). */
  private final Object takeLock = new Object();
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
    ackHistory = positive(context, ACK_HISTORY, DEFAULT_ACK_HISTORY);
    String ssl = context.getString(SSL, "false").trim();
    if (!ssl.equalsIgnoreCase("true") && !ssl.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("sink " + getName() + ": '" + SSL
          + "' must be true or false, was '" + ssl + "'");
    }
    tls = null;
    if (ssl.equalsIgnoreCase("true")) {
      String keystore = context.getString(KEYSTORE);
      if (keystore == null || keystore.isBlank()) {
        throw new IllegalArgumentException("sink " + getName() + ": '" + SSL + " = true' needs '"
            + KEYSTORE + "' (and '" + KEYSTORE_PASSWORD + "')");
      }
      try {
        tls = Tls.server(keystore, context.getString(KEYSTORE_PASSWORD),
            context.getString(KEYSTORE_TYPE, "JKS"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sink " + getName() + ": " + e.getMessage(), e);
      }
    }
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
    connections = new Connections(getName());
    try {
      ReflectResponder responder = connections.responder(SluiceSinkProtocol.class, new Handler());
      if (secretCheck != null) {
        responder.addRPCPlugin(secretCheck);
      }
      io.netty.handler.ssl.SslContext context = tls;
      server = new NettyServer(responder, new InetSocketAddress(hostname, port),
          connections.initializer(ch -> {
            if (context != null) {
              Tls.initializer(context).accept(ch);
              logHandshakeFailures(ch);
            }
          }));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlumeException("interrupted while starting sink " + getName(), e);
    } catch (RuntimeException e) {
      transactionThreads.shutdownNow();
      throw new FlumeException("sink " + getName() + " cannot serve on " + hostname + ":" + port, e);
    }
    LOG.info("Sluice sink {} serving on {}:{} (batchSize {}, transactionTimeout {} ms, {} threads, {},"
        + " {})", getName(), hostname, server.getPort(), batchSize, transactionTimeoutMs, threads,
        secretCheck == null ? "no authentication" : "shared secret required",
        tls == null ? "plaintext" : "TLS");
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

  /** Connections that hold open batches (for tests). */
  int connectionsWithBatches() {
    Connections current = connections;
    return current == null ? 0 : current.connectionsWithBatches();
  }

  private void logHandshakeFailures(io.netty.channel.socket.SocketChannel ch) {
    io.netty.handler.ssl.SslHandler handler =
        (io.netty.handler.ssl.SslHandler) ch.pipeline().get(Tls.HANDLER);
    handler.handshakeFuture().addListener(done -> {
      if (!done.isSuccess()) {
        LOG.warn("sink {}: TLS handshake with {} failed, connection closed: {}", getName(),
            ch.remoteAddress(), String.valueOf(done.cause()));
      }
    });
  }

  private void remember(ChannelBatch batch, ChannelBatch.Outcome outcome) {
    synchronized (outcomes) {
      outcomes.put(batch.sequence(), outcome);
    }
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
      Connections tracked = connections;
      io.netty.channel.Channel connection = tracked.current();
      ChannelBatch batch = new ChannelBatch(sequence, n, getChannel(), transactionTimeoutMs, counter,
          open, takeLock, (settled, served, outcome) -> {
            if (served) {
              remember(settled, outcome);
            }
            tracked.untrack(connection, settled);
          });
      tracked.track(connection, batch);
      try {
        transactionThreads.execute(batch);
      } catch (RejectedExecutionException e) {
        tracked.untrack(connection, batch);
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
      if (batch != null) {
        return batch.settle(decision);
      }
      ChannelBatch.Outcome settled;
      synchronized (outcomes) {
        settled = sequence == null ? null : outcomes.get(sequence);
      }
      if (settled != null) {
        return ChannelBatch.answer(sequence, decision, settled.committed(), settled.reason());
      }
      boolean thisRun = sequence != null && sequence.startsWith(getName() + "-" + runId + "-");
      return AckResult.unknown("sink " + getName() + ": no transaction " + sequence + " ("
          + (thisRun ? "older than the last " + ackHistory + " outcomes the sink remembers ("
              + ACK_HISTORY + ")" : "not served by this run of the sink: it restarted since, and "
              + "rolled back whatever was open") + ")");
    }
  }
}
