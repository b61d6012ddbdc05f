package io.sluice.streaming.internal.receivers;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import io.sluice.flume.protocol.SharedSecret;
import io.sluice.flume.protocol.SluiceSinkProtocol;
import io.sluice.flume.protocol.SluiceSinkRequestor;
import io.sluice.flume.protocol.Tls;
import io.sluice.records.Event;
import io.sluice.streaming.FlumeOptions;
import io.sluice.streaming.Receiver;
import io.sluice.streaming.StreamingConfigKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.io.BinaryData;
import org.apache.avro.ipc.netty.NettyTransceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls events from Sluice sinks in Flume agents ({@code io.sluice.flume.SluiceSink}): for each
 * sink, {@code fetchersPerSink} threads, each with its own connection, loop over get a batch →
 * {@link #store(List, String, java.util.Collection) store it durably} → ack. A failed store nacks
 * (the sink rolls back, the events come again); a lost connection or a refusing sink is retried
 * with a backoff growing from 100 ms to 5 s, so a sink restart only pauses its fetchers. Events
 * keep their Flume headers and body; the event time is the {@code timestamp} header (epoch ms, as
 * Flume's timestamp interceptor sets it) when present and numeric, else the ingest time, which is
 * the time the batch was stored.
 *
 * <p>Exactly once: each stored block carries a source mark naming the sink, the batch's sequence
 * and its events' keys ({@link FlumeRedeliveries}). A batch whose commit the sink has not confirmed
 * is in doubt; its fetchers ask again (acks are idempotent on the sink), after a reconnect and after
 * a restart of this receiver or its driver (the marks come back with {@link #storedMarks()}). When
 * the sink says the batch rolled back, its events are dropped when offered again: counted ({@link
 * #duplicatesDropped()}) and logged. Marks are retired with the next stored block once their batch
 * is settled, so they stay few.
 */
public final class FlumePollingReceiver extends Receiver<Event> {
  private static final Logger LOG = LoggerFactory.getLogger(FlumePollingReceiver.class);
  private static final long BACKOFF_INITIAL_MS = 100;
  private static final long BACKOFF_MAX_MS = 5000;
  /** How long a fetcher waits before asking again when its sink's channel was empty. */
  private static final long IDLE_POLL_MS = 50;
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  /** How long to wait before asking again about a batch whose ack the sink refused unread. */
  private static final long UNRESOLVED_RETRY_MS = 1000;

  private final List<InetSocketAddress> sinks;
  private final int batchSize;
  private final int fetchersPerSink;
  private final FlumeOptions options;
  private transient volatile List<Thread> fetchers;
  private transient Set<NettyTransceiver> connections;
  /** Connections with a call under way, and since when (nanoTime); watched for silent peers. */
  private transient Map<NettyTransceiver, Long> calling;
  private transient Thread watchdog;
  private transient Map<InetSocketAddress, FlumeRedeliveries> ledgers;
  private transient SslContext tls;
  private transient AtomicLong refusedAcks;
  private transient AtomicLong duplicatesDropped;
  private transient AtomicLong resolvedInDoubt;

  public FlumePollingReceiver(List<InetSocketAddress> sinks, int batchSize, int fetchersPerSink,
      String secret) {
    this(sinks, batchSize, fetchersPerSink, FlumeOptions.defaults().secret(secret));
  }

  public FlumePollingReceiver(List<InetSocketAddress> sinks, int batchSize, int fetchersPerSink,
      FlumeOptions options) {
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
    this.options = options == null ? FlumeOptions.defaults() : options;
    if (this.options.tlsEnabled()) {
      // fail where the stream is defined, naming the trust store, rather than in every fetcher
      Tls.client(this.options.truststore(), this.options.truststorePassword(),
          this.options.truststoreType());
    }
  }

  private static String sinkId(InetSocketAddress sink) {
    return sink.getHostString() + ":" + sink.getPort();
  }

  @Override
  public void onStart() {
    connections = ConcurrentHashMap.newKeySet();
    calling = new ConcurrentHashMap<>();
    refusedAcks = new AtomicLong();
    duplicatesDropped = new AtomicLong();
    resolvedInDoubt = new AtomicLong();
    tls = options.tlsEnabled() ? Tls.client(options.truststore(), options.truststorePassword(),
        options.truststoreType()) : null;
    Map<InetSocketAddress, FlumeRedeliveries> byKey = new LinkedHashMap<>();
    Map<String, FlumeRedeliveries> bySinkId = new LinkedHashMap<>();
    for (InetSocketAddress sink : sinks) {
      FlumeRedeliveries ledger = new FlumeRedeliveries(sinkId(sink));
      byKey.put(sink, ledger);
      bySinkId.put(sinkId(sink), ledger);
    }
    ledgers = byKey;
    restoreInDoubt(bySinkId);

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
    watchdog = new Thread(this::watch, "sluice-flume-" + streamName() + "-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    LOG.info("[{}] polling {} Flume sink(s) {} with {} fetcher(s) each, batches of up to {}, {}",
        streamName(), sinks.size(), sinks, fetchersPerSink, batchSize, options);
  }

  /** Batches stored before a restart whose commit was never confirmed: ask their sinks again. */
  private void restoreInDoubt(Map<String, FlumeRedeliveries> bySinkId) {
    List<String> orphans = new ArrayList<>();
    int restored = 0;
    for (String mark : storedMarks()) {
      FlumeRedeliveries.ParsedMark parsed = FlumeRedeliveries.parse(mark);
      FlumeRedeliveries ledger = parsed == null ? null : bySinkId.get(parsed.sink());
      if (ledger == null) {
        orphans.add(mark);
        continue;
      }
      ledger.restore(mark, parsed);
      restored++;
    }
    if (restored > 0) {
      LOG.info("[{}] {} Flume batch(es) stored before the restart are in doubt; asking their sinks "
          + "whether they committed", streamName(), restored);
    }
    if (!orphans.isEmpty()) {
      LOG.warn("[{}] retiring {} source mark(s) of sinks this receiver no longer polls (or not "
          + "Flume marks); events those sinks offer again may be stored twice: {}", streamName(),
          orphans.size(), orphans.size() > 5 ? orphans.subList(0, 5) + " ..." : orphans);
      try {
        retireMarks(orphans);
      } catch (StoreException e) {
        reportError("could not retire " + orphans.size() + " stale source marks", e);
      }
    }
  }

  @Override
  public void onStop() {
    List<Thread> threads = fetchers;
    if (threads == null) {
      return;
    }
    threads.forEach(Thread::interrupt);
    watchdog.interrupt();
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
    List<String> retire = new ArrayList<>();
    ledgers.values().forEach(l -> retire.addAll(l.drainRetirements()));
    try {
      retireMarks(retire);
    } catch (RuntimeException e) {
      // they come back after a restart, are asked about again, and retired then
      LOG.warn("[{}] could not retire {} settled Flume marks on stop: {}", streamName(),
          retire.size(), e.toString());
    }
  }

  /** Acks a sink refused since this receiver started: batches stored and then rolled back. */
  public long refusedAcks() {
    AtomicLong count = refusedAcks;
    return count == null ? 0 : count.get();
  }

  /** Events dropped since this receiver started because they were stored before (redeliveries). */
  public long duplicatesDropped() {
    AtomicLong count = duplicatesDropped;
    return count == null ? 0 : count.get();
  }

  /** In-doubt batches settled by asking the sink again (after a lost ack, reconnect or restart). */
  public long resolvedInDoubt() {
    AtomicLong count = resolvedInDoubt;
    return count == null ? 0 : count.get();
  }

  /**
   * {@code flume.duplicatesDropped}, {@code flume.ackRefused} (stored batches the sink rolled
   * back), {@code flume.inDoubtResolved}, {@code flume.expectedRedeliveries}, {@code
   * flume.expiredRedeliveries}, {@code flume.storedMarks} (source marks the driver holds for this
   * stream: batches in doubt or settled since the last store).
   */
  @Override
  public Map<String, Long> sourceCounters() {
    Map<InetSocketAddress, FlumeRedeliveries> current = ledgers;
    long expired = current == null ? 0
        : current.values().stream().mapToLong(FlumeRedeliveries::expiredKeys).sum();
    long marks;
    try {
      marks = storedMarks().size();
    } catch (RuntimeException notRunning) {
      marks = -1;
    }
    return Map.of("flume.duplicatesDropped", duplicatesDropped(), "flume.ackRefused", refusedAcks(),
        "flume.inDoubtResolved", resolvedInDoubt(), "flume.expectedRedeliveries",
        (long) expectedRedeliveries(), "flume.expiredRedeliveries", expired,
        "flume.storedMarks", marks);
  }

  /** Events whose redelivery this receiver watches for now, over all sinks. */
  public int expectedRedeliveries() {
    Map<InetSocketAddress, FlumeRedeliveries> current = ledgers;
    return current == null ? 0 : current.values().stream()
        .mapToInt(FlumeRedeliveries::expectedKeys).sum();
  }

  private void fetch(InetSocketAddress sink) {
    FlumeRedeliveries ledger = ledgers.get(sink);
    long backoff = BACKOFF_INITIAL_MS;
    NettyTransceiver connection = null;
    SluiceSinkProtocol client = null;
    boolean answered = false;
    int ask = batchSize; // less once a batch was too large to store as one block
    while (!isStopped()) {
      try {
        if (client == null) {
          connection = connect(sink);
          connections.add(connection);
          SluiceSinkRequestor requestor = new SluiceSinkRequestor(connection);
          if (options.secret() != null) {
            requestor.addRPCPlugin(SharedSecret.clientPlugin(options.secret()));
          }
          client = watched(connection, SluiceSinkRequestor.client(requestor));
          answered = false;
          LOG.info("[{}] connected to Flume sink {}{}", streamName(), sink, tls == null ? "" : " (TLS)");
        }
        resolveInDoubt(sink, client, ledger);
        long expired = ledger.expire(System.currentTimeMillis() - options.redeliveryExpiry().toMillis());
        if (expired > 0) {
          LOG.warn("[{}] {} events of batches rolled back by {} were not offered again within {}; "
              + "no longer watching for them", streamName(), expired, sink, options.redeliveryExpiry());
        }
        EventBatch batch = client.getEventBatch(ask);
        answered = true;
        if (batch.failed()) {
          reportError("Flume sink " + sink + " served no batch: " + batch.error(), null);
          backoff = pause(backoff);
          continue;
        }
        if (batch.isEmpty()) {
          backoff = BACKOFF_INITIAL_MS;
          retireSettled(ledger);
          Thread.sleep(IDLE_POLL_MS);
          continue;
        }
        Stored stored = storeThenAck(sink, client, ledger, batch);
        if (stored.ok()) {
          backoff = BACKOFF_INITIAL_MS;
        } else if (stored.fewerEvents() > 0) {
          ask = stored.fewerEvents();
        } else {
          // A batch refused or not stored was nacked: the sink offers it again at once, so wait
          // before asking, rather than spin on a damaged batch or a failing store.
          backoff = pause(backoff);
        }
      } catch (InterruptedException e) {
        break;
      } catch (IOException | RuntimeException e) {
        // Connection refused or dropped, the sink restarting, an RPC failure: reconnect later. The
        // sink rolls back what this connection held open; in-doubt batches are asked about again.
        if (isStopped()) {
          break;
        }
        String hint = answered || client == null ? "" : hintForFirstCall();
        LOG.warn("[{}] Flume sink {} unreachable ({}){}; retrying in {} ms", streamName(), sink,
            e.toString(), hint, backoff);
        if (!hint.isEmpty() || e instanceof TlsException) {
          reportError("Flume sink " + sink + ": " + e.getMessage() + hint, null);
        }
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

  /**
   * Closes connections whose call went unanswered for the call timeout: a silent peer (a host gone
   * without a reset). Closing fails the call, and its fetcher reconnects.
   */
  private void watch() {
    long timeoutMs = options.callTimeout().toMillis();
    while (!isStopped()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      calling.forEach((connection, since) -> {
        if (now - since > TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
          reportError("Flume sink " + remoteName(connection) + " gave no answer within " + timeoutMs
              + " ms (FlumeOptions.callTimeout); closing the connection and connecting again", null);
          calling.remove(connection, since);
          close(connection);
        }
      });
    }
  }

  private static String remoteName(NettyTransceiver connection) {
    try {
      return connection.getRemoteName();
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** Runs one call on {@code connection} under the watchdog. */
  private <T> T call(NettyTransceiver connection, java.util.function.Supplier<T> rpc) {
    calling.put(connection, System.nanoTime());
    try {
      return rpc.get();
    } finally {
      calling.remove(connection);
    }
  }

  private String hintForFirstCall() {
    return tls == null
        ? " - the sink closed the connection at the first call: if it has ssl = true, give this "
            + "stream FlumeOptions.tls(...)"
        : "";
  }

  /** {@code client}'s calls under the watchdog of {@code connection}. */
  private SluiceSinkProtocol watched(NettyTransceiver connection, SluiceSinkProtocol client) {
    return new SluiceSinkProtocol() {
      @Override
      public EventBatch getEventBatch(int n) {
        return call(connection, () -> client.getEventBatch(n));
      }

      @Override
      public AckResult ack(String sequence) {
        return call(connection, () -> client.ack(sequence));
      }

      @Override
      public AckResult nack(String sequence) {
        return call(connection, () -> client.nack(sequence));
      }
    };
  }

  /** Connects, and with TLS waits for the handshake so a refused certificate is named as such. */
  private NettyTransceiver connect(InetSocketAddress sink) throws IOException {
    if (tls == null) {
      return new NettyTransceiver(sink, CONNECT_TIMEOUT_MS);
    }
    AtomicReference<SslHandler> handler = new AtomicReference<>();
    NettyTransceiver connection = new NettyTransceiver(sink, CONNECT_TIMEOUT_MS, ch -> {
      Tls.initializer(tls).accept(ch);
      handler.set((SslHandler) ch.pipeline().get(Tls.HANDLER));
    });
    try {
      io.netty.util.concurrent.Future<?> handshake = handler.get().handshakeFuture();
      if (!handshake.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        throw new TlsException("TLS handshake with Flume sink " + sink + " did not finish within "
            + CONNECT_TIMEOUT_MS + " ms (is the sink serving TLS, ssl = true?)", null);
      }
      if (!handshake.isSuccess()) {
        throw new TlsException("TLS handshake with Flume sink " + sink + " failed: "
            + handshake.cause() + " - check that the stream's truststore holds the sink's "
            + "certificate (or its CA) and that the sink has ssl = true", handshake.cause());
      }
      return connection;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(connection);
      throw new IOException("interrupted during the TLS handshake with " + sink, e);
    } catch (IOException | RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  /** A refused TLS handshake, reported as a receiver error (not only logged). */
  private static final class TlsException extends IOException {
    TlsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Asks the sink about batches stored whose commit is unconfirmed (idempotent acks). */
  private void resolveInDoubt(InetSocketAddress sink, SluiceSinkProtocol client,
      FlumeRedeliveries ledger) {
    if (!ledger.hasUnresolved()) {
      return;
    }
    List<FlumeRedeliveries.Batch> unresolved = ledger.takeUnresolved(System.currentTimeMillis());
    for (int i = 0; i < unresolved.size(); i++) {
      try {
        resolve(sink, client, ledger, unresolved.get(i));
      } catch (RuntimeException e) {
        unresolved.subList(i, unresolved.size()).forEach(b -> ledger.unresolved(b, 0));
        throw e;
      }
    }
  }

  /** Asks the sink whether {@code batch} committed; returns whether the answer told. */
  private boolean resolve(InetSocketAddress sink, SluiceSinkProtocol client,
      FlumeRedeliveries ledger, FlumeRedeliveries.Batch batch) {
    AckResult answer = client.ack(batch.sequence);
    boolean known = settle(sink, ledger, batch, answer);
    if (known) {
      resolvedInDoubt.incrementAndGet();
      LOG.info("[{}] in-doubt batch {} of {}: {}", streamName(), batch.sequence, sink,
          AckResult.COMMITTED.equals(answer.outcome()) ? "committed" : "rolled back; its "
              + "events are dropped when offered again");
    }
    return known;
  }

  /** Applies the sink's answer to an ack; returns whether the batch's fate is now known. */
  private boolean settle(InetSocketAddress sink, FlumeRedeliveries ledger,
      FlumeRedeliveries.Batch batch, AckResult answer) {
    if (answer.ok() && !AckResult.ROLLED_BACK.equals(answer.outcome())) {
      ledger.committed(batch);
      return true;
    }
    if (AckResult.ROLLED_BACK.equals(answer.outcome()) || AckResult.UNKNOWN.equals(answer.outcome())) {
      refusedAcks.incrementAndGet();
      LOG.warn("[{}] Flume sink {} did not commit stored batch {}: {}; they are dropped as "
          + "duplicates when offered", streamName(), sink, batch.sequence, answer.error());
      ledger.rolledBack(batch, System.currentTimeMillis());
      return true;
    }
    if (answer.error() != null && answer.error().startsWith("unauthenticated")) {
      // Refused before the sink looked (the secret changed?): ask again in a while.
      ledger.unresolved(batch, System.currentTimeMillis() + UNRESOLVED_RETRY_MS);
      reportError("Flume sink " + sink + " refused the ack of stored batch " + batch.sequence
          + ": " + answer.error(), null);
      return false;
    }
    // A failure without an outcome: a sink from before idempotent acks ("no open transaction"),
    // which cannot tell a commit whose answer was lost from a rollback. Counting it rolled back
    // never stores an event twice; with id headers it never drops one either.
    refusedAcks.incrementAndGet();
    LOG.warn("[{}] Flume sink {} refused the ack of stored batch {} without telling its fate ({}); "
        + "taking it as rolled back", streamName(), sink, batch.sequence, answer.error());
    ledger.rolledBack(batch, System.currentTimeMillis());
    return true;
  }

  private void retireSettled(FlumeRedeliveries ledger) {
    List<String> retire = ledger.drainRetirements();
    if (retire.isEmpty()) {
      return;
    }
    try {
      retireMarks(retire);
    } catch (StoreException e) {
      ledger.retirementsFailed(retire);
      LOG.warn("[{}] could not retire {} settled Flume marks; will retry: {}", streamName(),
          retire.size(), e.toString());
    }
  }

  /**
   * What became of a batch: stored (and then acked), or nacked; {@code fewerEvents} > 0 when it was
   * nacked for being too large to store as one block, and is how many to ask for instead.
   */
  private record Stored(boolean ok, int fewerEvents) {
    static final Stored STORED = new Stored(true, 0);
    static final Stored NACKED = new Stored(false, 0);
  }

  private Stored storeThenAck(InetSocketAddress sink, SluiceSinkProtocol client,
      FlumeRedeliveries ledger, EventBatch batch) throws InterruptedException {
    try {
      batch.validate();
    } catch (IllegalStateException e) {
      // Never store what cannot be read back: refuse the batch, the sink offers it again.
      reportError("Flume sink " + sink + " served a damaged batch; nacking it: " + e.getMessage(), null);
      nack(client, batch);
      return Stored.NACKED;
    }
    FlumeRedeliveries.Admission admission = ledger.admit(batch.sequence(), batch.keys(),
        inDoubt -> resolve(sink, client, ledger, inDoubt));
    Block block = lay(batch, admission.keep(), System.currentTimeMillis());
    if (block.size() > maxBlockBytes()) {
      // Big events: the sink offers them again, fewer at a time, until a batch fits in one block.
      ledger.storeFailed(admission.batch());
      nack(client, batch);
      int fewer = (int) Math.max(1, Math.min(batch.count() - 1,
          batch.count() * maxBlockBytes() / block.size() * 9 / 10));
      LOG.warn("[{}] batch {} of {} events from {} makes a block of {} bytes, more than the "
          + "write-ahead log's record limit of {} bytes ({}); nacked it, and asking for {} events at a"
          + " time from now on", streamName(), batch.sequence(), batch.count(), sink,
          block.size(), maxBlockBytes(), StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY, fewer);
      return new Stored(false, fewer);
    }
    int stored = block.records();
    if (admission.dropped() > 0) {
      long total = duplicatesDropped.addAndGet(admission.dropped());
      LOG.info("[{}] dropped {} of {} events of batch {} from {}: stored before, offered again "
          + "after a rollback ({} dropped so far)", streamName(), admission.dropped(), batch.count(),
          batch.sequence(), sink, total);
    }
    List<String> retire = ledger.drainRetirements();
    try {
      if (stored > 0) {
        storeEncoded(block.bytes(), stored, admission.batch().mark, retire);
      } else {
        retireMarks(retire);
      }
      ledger.stored(admission.batch());
    } catch (StoreException e) {
      ledger.retirementsFailed(retire);
      ledger.storeFailed(admission.batch());
      LOG.warn("[{}] could not store batch {} of {} events from {}; nacking", streamName(),
          batch.sequence(), stored, sink, e);
      nack(client, batch);
      return Stored.NACKED;
    }
    AckResult acked;
    try {
      acked = client.ack(batch.sequence());
    } catch (RuntimeException e) {
      ledger.unresolved(admission.batch(), 0); // asked again once reconnected
      throw e;
    }
    settle(sink, ledger, admission.batch(), acked);
    return Stored.STORED;
  }

  private void nack(SluiceSinkProtocol client, EventBatch batch) {
    AckResult nacked = client.nack(batch.sequence());
    if (!nacked.ok()) {
      LOG.warn("[{}] nack of {} refused: {}", streamName(), batch.sequence(), nacked.error());
    }
  }

  /**
   * A block laid out for {@code storeEncoded} and how many records it holds; its {@code size} in
   * bytes, and no bytes, when it holds none or would be larger than a block may be.
   */
  private record Block(byte[] bytes, int records, long size) {}

  /**
   * Lays the events to keep out as the stream's records ({@code RecordCodec.events()}: a length,
   * then the event's Avro binary) in an array of exactly their size, which becomes the stored block:
   * the sink's encoding of headers and body, then the event time (the {@code timestamp} header,
   * else the ingest time) and the ingest time, {@code now}. Events over the record size limit (or
   * too large for a block of their own) are left out, counted and reported, unless the block is too
   * large anyway: then nothing is laid out or reported, and the batch is to be asked for again.
   */
  private Block lay(EventBatch batch, boolean[] keep, long now) {
    byte[] ingest = new byte[10];
    int ingestLength = BinaryData.encodeLong(now, ingest, 0);
    byte[] times = new byte[10];
    // An event that would not fit in a block on its own is left out as oversized too, so a batch
    // of one event always fits.
    int maxRecordBytes = Math.min(maxRecordBytes(),
        Math.max(1, maxBlockBytes() - BLOCK_HEADER_BYTES - 4));
    int[] recordLengths = new int[keep.length]; // 0: left out
    long total = BLOCK_HEADER_BYTES;
    int records = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        int recordLength = batch.length(i) + BinaryData.encodeLong(eventTime(batch, i, now), times, 0)
            + ingestLength;
        if (recordLength > maxRecordBytes) {
          recordLengths[i] = -recordLength;
        } else {
          recordLengths[i] = recordLength;
          total += 4 + recordLength;
          records++;
        }
      }
    }
    if (total > maxBlockBytes()) {
      return new Block(null, records, total);
    }
    for (int length : recordLengths) {
      if (length < 0) {
        reportOversized(-length);
      }
    }
    if (records == 0) {
      return new Block(null, 0, total);
    }
    byte[] block = new byte[(int) total];
    java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(block).position(BLOCK_HEADER_BYTES);
    java.nio.ByteBuffer bytes = batch.eventBytes();
    byte[] events = bytes.array(); // a batch's own array
    int offset = bytes.arrayOffset();
    for (int i = 0; i < keep.length; i++) {
      int length = batch.length(i);
      if (recordLengths[i] > 0) {
        int timeLength = BinaryData.encodeLong(eventTime(batch, i, now), times, 0);
        out.putInt(recordLengths[i]).put(events, offset, length).put(times, 0, timeLength)
            .put(ingest, 0, ingestLength);
      }
      offset += length;
    }
    return new Block(block, records, total);
  }

  /** Event {@code i}'s time: from its {@code timestamp} header, else when it arrived. */
  private static long eventTime(EventBatch batch, int i, long now) {
    long time = batch.eventTime(i);
    return time == EventBatch.NO_EVENT_TIME ? now : time;
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
