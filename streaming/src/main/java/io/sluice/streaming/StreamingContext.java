package io.sluice.streaming;

import io.sluice.rdd.Config;
import io.sluice.rdd.Engine;
import io.sluice.streaming.internal.BatchClock;
import io.sluice.streaming.internal.InputNode;
import io.sluice.streaming.internal.StreamGraph;
import io.sluice.streaming.internal.StreamingDriver;
import io.sluice.streaming.internal.StreamingMetrics;
import io.sluice.records.Event;
import io.sluice.streaming.internal.receivers.DirectoryReceiver;
import io.sluice.streaming.internal.receivers.FlumePollingReceiver;
import io.sluice.streaming.internal.receivers.FlumePushReceiver;
import io.sluice.streaming.internal.receivers.SocketLineReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.ObjectName;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of a streaming program: declares input streams, is where the stream graph is
 * built, and runs it. Lifecycle:
 * <ol>
 *   <li>construct it, set a checkpoint folder ({@link #checkpoint}), declare inputs
 *       ({@link #receiverStream}, {@link #socketTextStream}, {@link #textFileStream}), transform
 *       them and add outputs (every stream operation before {@link #start()});</li>
 *   <li>{@link #start()}: recovers from the checkpoint folder if it holds a previous run's state
 *       (re-runs unfinished batches from the write-ahead log, restores windows and keyed state),
 *       starts receivers and the batch timer;</li>
 *   <li>{@link #awaitTermination()}; {@link #stop(boolean)} from another thread. A JVM shutdown
 *       (Ctrl-C, SIGTERM, YARN stopping the container) stops it gracefully by itself, before
 *       Hadoop closes its file systems ({@code sluice.streaming.stop.graceful.on.shutdown}).</li>
 * </ol>
 * A context cannot be restarted once stopped; build a new one (the same way) and start it.
 *
 * <p>Recovery does not deserialize code: the program builds its graph again, and Sluice checks it
 * is the same graph (same operators, same order, same names) before restoring state, so a new jar
 * with the same graph picks up where the old one stopped. {@link #getOrCreate} is the idiom.
 *
 * <p>The driver runs in this JVM (tests, the sandbox, and inside the YARN ApplicationMaster).
 * Thread-safety: build the graph from one thread; {@code stop} may be called from any.
 *
 * <pre>{@code
 * StreamingContext ctx = StreamingContext.getOrCreate("hdfs:///sluice/apps/errors", () -> {
 *   StreamingContext c = new StreamingContext(conf, Duration.ofSeconds(1));
 *   c.socketTextStream("logs", "localhost", 9999)
 *       .transform(LogFunctions::filterErrors)
 *       .foreachRdd((rdd, time) -> System.out.println(time + ": " + rdd.count() + " errors"));
 *   return c;
 * });
 * ctx.start();
 * ctx.awaitTermination();
 * }</pre>
 */
public final class StreamingContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingContext.class);

  private final Configuration conf;
  private final Duration batchInterval;
  private final Engine engine;
  private final StreamGraph graph;
  private final BatchClock clock;
  private final List<StreamingListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Path checkpointDir;
  private String appName = "sluice-streaming";
  private volatile StreamingDriver driver;
  private ObjectName mbeanName;
  private volatile Runnable shutdownHook;

  public StreamingContext(Configuration conf, Duration batchInterval) {
    this(conf, batchInterval, BatchClock.SYSTEM);
  }

  /** With a clock of the caller's; tests drive batches with a manual one. */
  public StreamingContext(Configuration conf, Duration batchInterval, BatchClock clock) {
    if (batchInterval.toMillis() <= 0) {
      throw new IllegalArgumentException("batch interval must be positive, was " + batchInterval);
    }
    this.conf = new Configuration(conf);
    this.batchInterval = batchInterval;
    this.clock = clock;
    this.engine = Engine.inProcess(configOf(this.conf));
    this.graph = new StreamGraph(engine, batchInterval.toMillis());
  }

  /**
   * A context for the program whose checkpoints live in {@code checkpointDir}: {@code factory}
   * builds the stream graph (call it the same way every time), and {@link #start()} then resumes
   * from the checkpoints if there are any.
   */
  public static StreamingContext getOrCreate(String checkpointDir, Supplier<StreamingContext> factory) {
    StreamingContext context = factory.get();
    if (context.checkpointDir == null) {
      context.checkpoint(checkpointDir);
    } else if (!context.checkpointDir.equals(new Path(checkpointDir))) {
      throw new IllegalStateException("the factory set checkpoint folder " + context.checkpointDir
          + ", but getOrCreate was given " + checkpointDir);
    }
    return context;
  }

  /** Where checkpoints, the block tracker's log and the receivers' write-ahead logs go (HDFS). */
  public StreamingContext checkpoint(String dir) {
    if (driver != null) {
      throw new IllegalStateException("set the checkpoint folder before start()");
    }
    this.checkpointDir = new Path(dir);
    return this;
  }

  /** Names the application in logs, JMX and the web UI. */
  public StreamingContext appName(String name) {
    this.appName = name;
    return this;
  }

  public Configuration conf() {
    return conf;
  }

  public Duration batchInterval() {
    return batchInterval;
  }

  /** The engine every batch runs on. */
  public Engine engine() {
    return engine;
  }

  /** A stream fed by {@code receiver}, whose records cross the write-ahead log with {@code codec}. */
  public <T> DStream<T> receiverStream(String name, Receiver<T> receiver, RecordCodec<T> codec) {
    return new DStream<>(this, new InputNode<>(graph, name, receiver, codec));
  }

  /**
   * Lines of text read from a TCP server at {@code host:port} (UTF-8, one record per line),
   * reconnecting when the connection drops. A socket cannot be acknowledged: lines received in the
   * last block interval before a crash are lost; use a Flume receiver for reliable input.
   */
  public DStream<String> socketTextStream(String name, String host, int port) {
    return receiverStream(name, new SocketLineReceiver(host, port, maxLineBytes()), RecordCodec.strings());
  }

  /**
   * Lines of new files appearing in folder {@code dir} (any Hadoop file system), each file read
   * once even across restarts: a file's lines are stored as one durable block registered together
   * with the file's name, length and modification time. Files must be moved into the folder complete (write
   * elsewhere, then rename); names starting with {@code .} or {@code _} are ignored.
   */
  public DStream<String> textFileStream(String name, String dir) {
    return receiverStream(name, new DirectoryReceiver(dir, conf, maxLineBytes()), RecordCodec.strings());
  }

  /**
   * Events pulled from Sluice sinks ({@code io.sluice.flume.SluiceSink}) in Flume agents at
   * {@code sinks}: {@code fetchersPerSink} connections per sink each ask for batches of up to
   * {@code batchSize} events (at most the sink's own {@code batchSize}), store every batch durably
   * in the write-ahead log and only then acknowledge it, so the sink's channel keeps an event until
   * Sluice has it safe. Lost connections and sink restarts are retried with backoff. Events stored
   * whose commit the sink cannot confirm (a lost ack, a kill between store and ack) are not stored
   * twice: see {@link FlumeOptions} for how redeliveries are recognised. Headers and body are kept;
   * the event time is the {@code timestamp} header when set, else the ingest time. Each stored
   * batch keeps 8 bytes per event in its source mark until the sink confirms its commit.
   * <pre>{@code
   * DStream<Event> events = ctx.flumePollingStream("flume",
   *     List.of(new InetSocketAddress("agent1", 41414)), 1000, 2);
   * }</pre>
   */
  public DStream<Event> flumePollingStream(String name, List<InetSocketAddress> sinks, int batchSize,
      int fetchersPerSink) {
    return flumePollingStream(name, sinks, batchSize, fetchersPerSink, FlumeOptions.defaults());
  }

  /**
   * Like {@link #flumePollingStream(String, List, int, int)} with {@code options}: a shared secret,
   * TLS and its trust store, the event id header and how long redeliveries are watched for.
   * <pre>{@code
   * ctx.flumePollingStream("flume", sinks, 1000, 2,
   *     FlumeOptions.defaults().secret(secret).tls("/etc/sluice/trust.p12", "changeit", "PKCS12"));
   * }</pre>
   */
  public DStream<Event> flumePollingStream(String name, List<InetSocketAddress> sinks, int batchSize,
      int fetchersPerSink, FlumeOptions options) {
    return receiverStream(name, new FlumePollingReceiver(sinks, batchSize, fetchersPerSink, options),
        RecordCodec.events());
  }

  /**
   * Like {@link #flumePollingStream(String, List, int, int)}, for sinks configured with a shared
   * {@code secret}: every call carries it (in clear; it keeps stray clients out, not eavesdroppers).
   */
  public DStream<Event> flumePollingStream(String name, List<InetSocketAddress> sinks, int batchSize,
      int fetchersPerSink, String secret) {
    return flumePollingStream(name, sinks, batchSize, fetchersPerSink,
        FlumeOptions.defaults().secret(secret));
  }

  /**
   * Events pushed by Flume agents' stock Avro sinks ({@code type = avro}, no compression) to
   * {@code host:port}, where this stream serves Flume's Avro source protocol. A batch is answered
   * only once it is durable in the write-ahead log, so the Avro sink's channel keeps it until then.
   * Prefer {@link #flumePollingStream} when you can install the Sluice sink: pulling lets Sluice set
   * the pace and reach several agents from one receiver.
   * <pre>{@code
   * DStream<Event> events = ctx.flumePushStream("flume-push", "0.0.0.0", 41415);
   * }</pre>
   */
  public DStream<Event> flumePushStream(String name, String host, int port) {
    return receiverStream(name, new FlumePushReceiver(host, port), RecordCodec.events());
  }

  private int maxLineBytes() {
    return conf.getInt(StreamingConfigKeys.RECEIVER_MAX_RECORD_BYTES_KEY,
        StreamingConfigKeys.RECEIVER_MAX_RECORD_BYTES_DEFAULT);
  }

  public void addListener(StreamingListener listener) {
    listeners.add(listener);
  }

  StreamGraph graph() {
    return graph;
  }

  /** Starts receivers and batches, recovering first from the checkpoint folder if it has state. */
  public synchronized void start() {
    if (driver != null) {
      throw new IllegalStateException("this streaming context was already started");
    }
    StreamingDriver started = new StreamingDriver(graph, conf, checkpointDir, clock);
    listeners.forEach(started::addListener);
    try {
      started.start();
    } catch (IOException e) {
      started.stop(false);
      throw new UncheckedIOException("the streaming context could not start", e);
    }
    driver = started;
    registerMBean(started.metrics());
    // Stop before Hadoop's own hook closes the FileSystem cache the WAL and outputs still use.
    boolean graceful = conf.getBoolean(StreamingConfigKeys.STOP_GRACEFULLY_ON_SHUTDOWN_KEY,
        StreamingConfigKeys.STOP_GRACEFULLY_ON_SHUTDOWN_DEFAULT);
    shutdownHook = () -> stop(graceful);
    ShutdownHookManager.get().addShutdownHook(shutdownHook, FileSystem.SHUTDOWN_HOOK_PRIORITY + 30);
  }

  /**
   * Stops the context. Graceful: receivers stop, and everything they stored is processed first;
   * not graceful: batches not yet run are left to the next start (they are in the write-ahead log).
   */
  public void stop(boolean graceful) {
    Runnable hook = shutdownHook;
    if (hook != null && !ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(hook);
    }
    StreamingDriver current = driver;
    if (current != null) {
      current.stop(graceful);
    }
    unregisterMBean();
    engine.close();
  }

  @Override
  public void close() {
    stop(false);
  }

  public void awaitTermination() {
    requireStarted().awaitTermination(0);
  }

  /** Returns true if the context stopped within {@code timeout}. */
  public boolean awaitTerminationOrTimeout(Duration timeout) {
    return requireStarted().awaitTermination(Math.max(1, timeout.toMillis()));
  }

  /** Batch times, receiver counters and recent batches; empty before start. */
  public StreamingMetrics metrics() {
    return requireStarted().metrics();
  }

  public List<ReceiverStatus> receiverStatuses() {
    return requireStarted().receiverStatuses();
  }

  /** The time of the last batch whose outputs all ran (or failed for good). */
  public long lastCompletedBatchTime() {
    return requireStarted().lastCompletedBatchTime();
  }

  private StreamingDriver requireStarted() {
    StreamingDriver current = driver;
    if (current == null) {
      throw new IllegalStateException("the streaming context has not started");
    }
    return current;
  }

  private void registerMBean(StreamingMetrics metrics) {
    try {
      mbeanName = new ObjectName("io.sluice:type=Streaming,name=" + ObjectName.quote(appName));
      var server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(mbeanName)) {
        server.unregisterMBean(mbeanName);
      }
      server.registerMBean(metrics, mbeanName);
    } catch (Exception e) {
      LOG.warn("Could not register the streaming metrics in JMX", e);
      mbeanName = null;
    }
  }

  private void unregisterMBean() {
    if (mbeanName != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
      } catch (Exception e) {
        LOG.debug("Could not unregister {}", mbeanName, e);
      }
      mbeanName = null;
    }
  }

  private static Config configOf(Configuration conf) {
    Map<String, String> values = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      values.put(e.getKey(), e.getValue());
    }
    return Config.of(values);
  }
}
