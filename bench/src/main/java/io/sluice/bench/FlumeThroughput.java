package io.sluice.bench;

import io.sluice.bench.flume.ArrivalTally;
import io.sluice.bench.flume.CountingSink;
import io.sluice.bench.flume.GeneratorSource;
import io.sluice.records.Event;
import io.sluice.sandbox.LocalCluster;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flume.Context;
import org.apache.flume.SinkRunner;
import org.apache.flume.SourceRunner;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.apache.flume.conf.Configurables;
import org.apache.flume.sink.DefaultSinkProcessor;
import org.apache.flume.source.AvroSource;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;

/**
 * The Flume benchmark pair (issue 5): the same generated events leave a Flume agent with a memory
 * channel, either through the Sluice sink into a streaming context's polling receiver with the WAL
 * on ({@code sluice}), or through Flume's Avro sink into an Avro source → memory channel → counting
 * sink ({@code avro}). The sending agent runs in its own JVM ({@code org.apache.flume.node.Application}
 * on a Flume home built from flume-sink's {@code target/flume-home/lib} and plugin tarball, plus this
 * module's classes for {@link GeneratorSource}); the receiving end runs in this JVM. Prints events/s
 * and MB/s (bodies, 10^6 bytes) between the end of the warm-up and the last measured event, and
 * checks that every event arrived exactly once (count and sum of sequence numbers).
 *
 * <pre>
 * java -cp ... io.sluice.bench.FlumeThroughput sluice|avro [key=value ...]
 *   events=3000000 warmup=500000 bodySize=500 batchSize=1000 fetchers=2 wal=local|hdfs
 *   eventIds=false|true (the sink plugin's EventIdInterceptor on the source, both modes)
 *   agentOpts="-Xmx512m -XX:+UseParallelGC" flumeSinkTarget=flume-sink/target sluice.*=... (streaming conf)
 * </pre>
 */
public final class FlumeThroughput {
  /** Events after the measured ones, so the measurement ends before the channel runs dry. */
  private static final long TAIL = 20_000;
  /** Memory channels on both ends; keep-alive 1 s: a put on a full channel waits, not fails. */
  private static final Map<String, String> MEMORY_CHANNEL = Map.of("capacity", "100000",
      "transactionCapacity", "1000", "keep-alive", "1");

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    if (!mode.equals("sluice") && !mode.equals("avro")) {
      throw new IllegalArgumentException("mode must be sluice or avro, was " + mode);
    }
    Map<String, String> options = new LinkedHashMap<>(Map.of("events", "3000000", "warmup", "500000",
        "bodySize", "500", "batchSize", "1000", "fetchers", "2", "wal", "local",
        "agentOpts", "-Xmx512m -XX:+UseParallelGC", "flumeSinkTarget", "flume-sink/target",
        "eventIds", "false"));
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("options are key=value, not '" + args[i] + "'");
      }
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    long events = Long.parseLong(options.get("events"));
    long warmup = Long.parseLong(options.get("warmup"));
    int bodySize = Integer.parseInt(options.get("bodySize"));
    int batchSize = Integer.parseInt(options.get("batchSize"));
    int fetchers = Integer.parseInt(options.get("fetchers"));
    long total = warmup + events + TAIL;

    Path tmp = Files.createTempDirectory("sluice-flume-bench");
    LocalCluster cluster = null;
    StreamingContext ctx = null;
    List<AutoCloseable> flume = new ArrayList<>();
    Process agent = null;
    boolean walOn = true;
    try {
      Path home = flumeHome(tmp, Path.of(options.get("flumeSinkTarget")));
      int port = freePort();
      ArrivalTally tally = ArrivalTally.INSTANCE;
      tally.reset();
      if (mode.equals("sluice")) {
        Configuration conf = new Configuration();
        String checkpoint = tmp.resolve("checkpoint").toUri().toString();
        if (options.get("wal").equals("hdfs")) {
          cluster = HdfsOnlySandbox.start();
          conf = cluster.clientConf();
          checkpoint = cluster.nameNodeUri() + "/bench/checkpoint";
        }
        conf.setBoolean(StreamingConfigKeys.WAL_ENABLED_KEY, true);
        for (Map.Entry<String, String> option : options.entrySet()) {
          if (option.getKey().startsWith("sluice.")) {
            conf.set(option.getKey(), option.getValue());
          }
        }
        walOn = conf.getBoolean(StreamingConfigKeys.WAL_ENABLED_KEY, true);
        ctx = new StreamingContext(conf, Duration.ofSeconds(1)).checkpoint(checkpoint);
        ctx.flumePollingStream("flume", List.of(new InetSocketAddress("127.0.0.1", port)), batchSize,
            fetchers).foreachRdd((rdd, time) -> rdd.foreachPartition(FlumeThroughput::tally));
        ctx.start();
      } else {
        flume.addAll(avroReceiver(port, batchSize));
      }
      agent = startAgent(home, tmp, mode, port, total, options);

      // CPU seconds of both JVMs while the measured events arrive (sampled every 20 ms).
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      double[] cpuAtStart = null;
      double[] cpuAtEnd = null;
      while (tally.count() < total && System.nanoTime() < deadline && agent.isAlive()) {
        if (cpuAtStart == null && tally.count() >= warmup) {
          cpuAtStart = cpuSeconds(agent);
        }
        if (cpuAtEnd == null && tally.count() >= warmup + events) {
          cpuAtEnd = cpuSeconds(agent);
        }
        Thread.sleep(20);
      }
      if (cpuAtEnd == null) {
        cpuAtEnd = cpuSeconds(agent);
      }
      Thread.sleep(1500); // a batch more, to see any event that arrives twice
      long received = tally.count();
      long expectedSum = total * (total - 1) / 2;
      boolean exact = received == total && tally.seqSum() == expectedSum;

      long first = tally.reachedMs(1);
      long start = tally.reachedMs(warmup);
      long end = tally.reachedMs(warmup + events);
      long last = tally.reachedMs(total);
      String settings = mode.equals("sluice")
          ? String.format("sluice sink -> polling receiver, %d fetcher(s), batch %d, WAL %s",
              fetchers, batchSize, walOn ? options.get("wal") : "off (diagnostic)")
          : String.format("avro sink -> avro source -> memory channel -> counting sink, batch %d", batchSize);
      System.out.printf("%s; body %d B, %s%n", settings, bodySize,
          Boolean.parseBoolean(options.get("eventIds")) ? "4 headers (with eventId)" : "3 headers");
      if (end < 0) {
        System.out.printf("INCOMPLETE: %d of %d events arrived (agent alive: %s; log %s)%n", received,
            total, agent.isAlive(), tail(tmp.resolve("agent.log")));
      } else {
        double seconds = (end - start) / 1000.0;
        System.out.printf("measured: %d events after %d warm-up in %.2f s = %.0f events/s, %.1f MB/s%n",
            events, warmup, seconds, events / seconds, events * (double) bodySize / seconds / 1e6);
        if (cpuAtStart != null) {
          double agentCpu = cpuAtEnd[0] - cpuAtStart[0];
          double receiverCpu = cpuAtEnd[1] - cpuAtStart[1];
          System.out.printf("CPU while measuring: sending agent %.1f s (%.1f us/event), receiving JVM %.1f s"
              + " (%.1f us/event); %.0f %% of 2 cores%n", agentCpu, agentCpu * 1e6 / events, receiverCpu,
              receiverCpu * 1e6 / events, (agentCpu + receiverCpu) / (2 * seconds) * 100);
        }
        System.out.printf("whole run: %d events, first to last arrival %.2f s (incl. warm-up and tail)%n",
            total, (last - first) / 1000.0);
      }
      System.out.printf("exactly once: %s (received %d of %d, sequence sum %s)%n", exact, received,
          total, tally.seqSum() == expectedSum ? "matches" : "differs");
    } finally {
      // Receiving end first, so the receiver does not retry a vanished agent.
      if (ctx != null) {
        ctx.stop(false);
      }
      for (AutoCloseable c : flume) {
        c.close();
      }
      if (agent != null) {
        agent.destroy();
        if (!agent.waitFor(10, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
      if (cluster != null) {
        cluster.close();
      }
      // The home's lib is a link to flume-sink's build: unlink it before deleting the rest.
      Files.deleteIfExists(tmp.resolve("flume-home/lib"));
      FileUtil.fullyDelete(tmp.toFile());
    }
    System.exit(0);
  }

  /** Engine task side of the Sluice run: adds a partition's events, grouped by ingest time. */
  private static void tally(Iterator<Event> partition) {
    long n = 0;
    long seqs = 0;
    long at = -1;
    while (partition.hasNext()) {
      Event e = partition.next();
      if (e.ingestTimeMillis() != at && n > 0) {
        ArrivalTally.INSTANCE.add(n, seqs, at);
        n = 0;
        seqs = 0;
      }
      at = e.ingestTimeMillis();
      n++;
      seqs += Long.parseLong(e.header("seq"));
    }
    if (n > 0) {
      ArrivalTally.INSTANCE.add(n, seqs, at);
    }
  }

  /** The second agent of the Avro hop, in this JVM: Avro source → memory channel → counting sink. */
  private static List<AutoCloseable> avroReceiver(int port, int batchSize) {
    MemoryChannel channel = new MemoryChannel();
    channel.setName("hop-channel");
    Configurables.configure(channel, new Context(MEMORY_CHANNEL));
    channel.start();
    AvroSource source = new AvroSource();
    source.setName("hop-source");
    Configurables.configure(source, new Context(Map.of("bind", "127.0.0.1",
        "port", Integer.toString(port))));
    ReplicatingChannelSelector selector = new ReplicatingChannelSelector();
    selector.setChannels(List.of(channel));
    source.setChannelProcessor(new ChannelProcessor(selector));
    CountingSink sink = new CountingSink();
    sink.setName("hop-counter");
    sink.setChannel(channel);
    Configurables.configure(sink, new Context(Map.of("batchSize", Integer.toString(batchSize))));
    DefaultSinkProcessor processor = new DefaultSinkProcessor();
    processor.setSinks(List.of(sink));
    SinkRunner sinkRunner = new SinkRunner(processor);
    SourceRunner sourceRunner = SourceRunner.forSource(source);
    sinkRunner.start();
    sourceRunner.start();
    return List.of(sourceRunner::stop, sinkRunner::stop, channel::stop);
  }

  /** The sending agent in its own JVM: generator → memory channel → Sluice sink or Avro sink. */
  private static Process startAgent(Path home, Path tmp, String mode, int port, long total,
      Map<String, String> options) throws IOException {
    String batch = options.get("batchSize");
    StringBuilder conf = new StringBuilder()
        .append("a.sources = gen\n")
        .append("a.sources.gen.type = ").append(GeneratorSource.class.getName()).append('\n')
        .append("a.sources.gen.channels = mem\n")
        .append("a.sources.gen.events = ").append(total).append('\n')
        .append("a.sources.gen.bodySize = ").append(options.get("bodySize")).append('\n')
        .append("a.sources.gen.batchSize = ").append(batch).append('\n')
        .append("a.sources.gen.backoffSleepIncrement = 10\n")
        .append("a.sources.gen.maxBackoffSleep = 100\n");
    if (Boolean.parseBoolean(options.get("eventIds"))) {
      // The plugin's interceptor: a unique id header the polling receiver keys redeliveries by
      // (without it, the receiver hashes headers and body). Both modes carry it, as the same events.
      conf.append("a.sources.gen.interceptors = id\n")
          .append("a.sources.gen.interceptors.id.type = io.sluice.flume.EventIdInterceptor$Builder\n");
    }
    conf
        .append("a.channels = mem\n")
        .append("a.channels.mem.type = memory\n");
    MEMORY_CHANNEL.forEach((k, v) -> conf.append("a.channels.mem.").append(k).append(" = ").append(v)
        .append('\n'));
    conf.append("a.sinks = out\n")
        .append("a.sinks.out.channel = mem\n")
        .append("a.sinks.out.hostname = 127.0.0.1\n")
        .append("a.sinks.out.port = ").append(port).append('\n');
    if (mode.equals("sluice")) {
      conf.append("a.sinks.out.type = io.sluice.flume.SluiceSink\n")
          .append("a.sinks.out.batchSize = ").append(batch).append('\n')
          .append("a.sinks.out.transactionTimeout = 30000\n")
          // More transaction threads than fetchers: a fetcher may ask again while its last batch
          // still commits.
          .append("a.sinks.out.threads = ")
          .append(Math.max(4, 2 * Integer.parseInt(options.get("fetchers")))).append('\n');
    } else {
      conf.append("a.sinks.out.type = avro\n")
          .append("a.sinks.out.batch-size = ").append(batch).append('\n');
    }
    Path file = home.resolve("conf/agent.properties");
    Files.writeString(file, conf.toString());

    // As bin/flume-ng: conf, lib/*, plugins.d/*/lib/*, plugins.d/*/libext/*; then this module's
    // classes (the generator source), as a plugin of their own would add them.
    List<String> classpath = new ArrayList<>(List.of(home.resolve("conf").toString(),
        home.resolve("lib") + File.separator + "*"));
    try (Stream<Path> plugins = Files.list(home.resolve("plugins.d"))) {
      plugins.forEach(p -> {
        classpath.add(p.resolve("lib") + File.separator + "*");
        classpath.add(p.resolve("libext") + File.separator + "*");
      });
    }
    try {
      classpath.add(Path.of(GeneratorSource.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toString());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(List.of(options.get("agentOpts").trim().split("\\s+")));
    command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath),
        "org.apache.flume.node.Application", "-n", "a", "-f", file.toString(), "--no-reload-conf"));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("agent.log").toFile()).start();
  }

  /** A Flume home in tmp: lib → flume-sink's target/flume-home/lib, plugins.d from its tarball. */
  private static Path flumeHome(Path tmp, Path flumeSinkTarget) throws IOException, InterruptedException {
    Path lib = flumeSinkTarget.resolve("flume-home/lib").toAbsolutePath();
    Path tarball;
    try (Stream<Path> files = Files.list(flumeSinkTarget)) {
      tarball = files.filter(p -> p.getFileName().toString().matches("sluice-flume-sink-.*\\.tar\\.gz"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no plugin tarball in "
              + flumeSinkTarget + ": build flume-sink (package) first"));
    }
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(lib + " missing: build flume-sink (package) first");
    }
    Path home = tmp.resolve("flume-home");
    Files.createDirectories(home.resolve("conf"));
    Files.createSymbolicLink(home.resolve("lib"), lib);
    Process untar = new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C",
        home.toString()).inheritIO().start();
    if (untar.waitFor() != 0) {
      throw new IOException("could not unpack " + tarball);
    }
    return home;
  }

  /** CPU seconds used so far by the agent process and by this JVM. */
  private static double[] cpuSeconds(Process agent) throws IOException {
    double agentCpu = 0;
    try {
      // /proc/<pid>/stat: utime and stime (fields 14 and 15) in clock ticks of 1/100 s, after the
      // command name in parentheses.
      String stat = Files.readString(Path.of("/proc/" + agent.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      agentCpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      agentCpu = Double.NaN; // the agent has gone
    }
    double own = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    return new double[] {agentCpu, own};
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no agent log: " + e + ")";
    }
  }
}
