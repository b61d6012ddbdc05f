package io.sluice.streaming.flume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.records.Event;
import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flume agent in its own JVM: {@code org.apache.flume.node.Application} on a Flume home
 * whose {@code lib} is flume-ng-node's jars (built by flume-sink into {@code target/flume-home/lib})
 * and whose {@code plugins.d} is the built {@code sluice-flume-sink-<version>.tar.gz} unpacked, the
 * classpath assembled as {@code bin/flume-ng} does (lib, plugins.d/*&#47;lib, plugins.d/*&#47;libext).
 * A sequence source (with the plugin's {@code EventIdInterceptor}) fills a file channel; the Sluice
 * sink serves it to the polling receiver in a streaming context on the sandbox; every event is
 * counted, exactly once also when the agent is SIGKILLed with a stored batch's ack in flight.
 */
@Tag("cluster")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class FlumeAgentIT {
  private static final java.nio.file.Path FLUME_SINK_TARGET = java.nio.file.Path.of("../flume-sink/target");
  private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

  @TempDir java.nio.file.Path tmp;
  private final List<Process> agents = new ArrayList<>();

  @AfterEach
  void killAgents() {
    agents.forEach(Process::destroyForcibly);
  }

  @Test
  void tarballInstallsIntoAFlumeHomeAndEveryEventReachesTheReceiver(LocalCluster cluster, TestSpace space)
      throws Exception {
    java.nio.file.Path home = flumeHome();
    try (Stream<java.nio.file.Path> plugin = Files.walk(home.resolve("plugins.d"))) {
      List<String> jars = plugin.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
      assertThat(jars).as("the plugin brings only its own jar, no Avro/Netty/Flume copies")
          .hasSize(1).allMatch(n -> n.startsWith("sluice-flume-sink-"));
    }
    int total = 20_000;
    int port = freePort();
    int http = freePort();
    Agent agent = new Agent(home, port, http, total);
    agent.start(true);
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.metric("EventPutSuccessCount") >= total);

    SEEN.clear();
    StreamingContext ctx = context(cluster, space, port);
    ctx.start();
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> SEEN.size() >= total && agent.metric("ChannelSize") == 0);
    } finally {
      ctx.stop(false);
    }
    assertThat(SEEN).hasSize(total);
    for (int i = 0; i < total; i++) {
      assertThat(SEEN.get(Integer.toString(i))).as("event " + i).isNotNull();
      assertThat(SEEN.get(Integer.toString(i)).get()).as("event " + i).isEqualTo(1);
    }
  }

  @Test
  void agentKilledAndRestartedWithItsFileChannelStoresEveryEventOnce(LocalCluster cluster, TestSpace space)
      throws Exception {
    java.nio.file.Path home = flumeHome();
    int total = 20_000;
    int port = freePort();
    int http = freePort();
    Agent agent = new Agent(home, port, http, total);
    agent.start(true);
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.metric("EventPutSuccessCount") >= total);

    SEEN.clear();
    // The receiver reaches the agent through a relay that can hold its acks, so the kill surely
    // lands between a store and its ack.
    CuttableProxy relay = new CuttableProxy(new InetSocketAddress("127.0.0.1", port));
    StreamingContext ctx = context(cluster, space, relay.address().getPort());
    relay.delayUpstream(3000);
    ctx.start();
    int duplicates;
    long dropped;
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> ctx.receiverStatuses().get(0).records() > 0);
      agent.kill(); // SIGKILL with a stored batch's ack held in the relay
      relay.cutAll();
      relay.delayUpstream(0);
      agent.start(false); // same file channel, no source: it replays what was not committed
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> SEEN.size() >= total && agent.metric("ChannelSize") == 0);
      Thread.sleep(1000); // batches in flight complete
      dropped = ctx.receiverStatuses().get(0).sourceCounters().get("flume.duplicatesDropped");
    } finally {
      ctx.stop(false);
      relay.close();
    }
    assertThat(SEEN).hasSize(total);
    duplicates = SEEN.values().stream().mapToInt(AtomicInteger::get).sum() - total;
    // Stored, then the agent died before the ack committed: those batches come again from the file
    // channel, under a new run of the sink, and the receiver drops them by their id header.
    System.out.println("FlumeAgentIT: agent SIGKILLed and restarted, " + total + " events, "
        + duplicates + " duplicates in the output, " + dropped + " redelivered events dropped");
    assertThat(duplicates).as("events stored twice").isZero();
    assertThat(dropped).as("the batch stored before the kill was offered again").isPositive();
  }

  private StreamingContext context(LocalCluster cluster, TestSpace space, int port) {
    Configuration conf = cluster.clientConf();
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 50);
    StreamingContext ctx = new StreamingContext(conf, Duration.ofMillis(500))
        .checkpoint(new org.apache.hadoop.fs.Path(space.hdfsDir(), "checkpoint").toString());
    ctx.flumePollingStream("flume", List.of(new InetSocketAddress("127.0.0.1", port)), 500, 2)
        .foreachRdd((rdd, time) -> {
          for (Event e : rdd.collect()) {
            SEEN.computeIfAbsent(e.line(), k -> new AtomicInteger()).incrementAndGet();
          }
        });
    return ctx;
  }

  /** A Flume home in tmp: lib from flume-sink's build, plugins.d from the built tarball. */
  private java.nio.file.Path flumeHome() throws Exception {
    java.nio.file.Path lib = FLUME_SINK_TARGET.resolve("flume-home/lib").toAbsolutePath();
    java.nio.file.Path tarball;
    try (Stream<java.nio.file.Path> files = Files.list(FLUME_SINK_TARGET)) {
      tarball = files.filter(p -> p.getFileName().toString().matches("sluice-flume-sink-.*\\.tar\\.gz"))
          .findFirst().orElse(null);
    } catch (IOException e) {
      tarball = null;
    }
    assumeTrue(tarball != null && Files.isDirectory(lib),
        "build flume-sink first (package): its tarball and target/flume-home/lib are needed");
    java.nio.file.Path home = tmp.resolve("flume-home");
    Files.createDirectories(home.resolve("conf"));
    Files.createSymbolicLink(home.resolve("lib"), lib);
    Process untar = new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C",
        home.toString()).inheritIO().start();
    assertThat(untar.waitFor()).isZero();
    return home;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One agent's configuration and process; restartable on the same file channel. */
  private final class Agent {
    private final java.nio.file.Path home;
    private final int port;
    private final int http;
    private final int total;
    private Process process;

    Agent(java.nio.file.Path home, int port, int http, int total) {
      this.home = home;
      this.port = port;
      this.http = http;
      this.total = total;
    }

    void start(boolean withSource) throws IOException {
      String dir = tmp.resolve("agent-data").toString();
      StringBuilder conf = new StringBuilder();
      if (withSource) {
        conf.append("a.sources = seq\n")
            .append("a.sources.seq.type = seq\n")
            .append("a.sources.seq.totalEvents = ").append(total).append('\n')
            .append("a.sources.seq.batchSize = 500\n")
            // ids from the plugin's interceptor: redeliveries after the kill are matched by id
            .append("a.sources.seq.interceptors = id\n")
            .append("a.sources.seq.interceptors.id.type = io.sluice.flume.EventIdInterceptor$Builder\n")
            .append("a.sources.seq.channels = fc\n");
      }
      conf.append("a.channels = fc\n")
          .append("a.channels.fc.type = file\n")
          .append("a.channels.fc.checkpointDir = ").append(dir).append("/checkpoint\n")
          .append("a.channels.fc.dataDirs = ").append(dir).append("/data\n")
          .append("a.sinks = sluice\n")
          .append("a.sinks.sluice.type = io.sluice.flume.SluiceSink\n")
          .append("a.sinks.sluice.channel = fc\n")
          .append("a.sinks.sluice.hostname = 127.0.0.1\n")
          .append("a.sinks.sluice.port = ").append(port).append('\n')
          .append("a.sinks.sluice.batchSize = 1000\n")
          .append("a.sinks.sluice.transactionTimeout = 10000\n")
          .append("a.sinks.sluice.threads = 4\n");
      java.nio.file.Path file = home.resolve("conf/agent-" + (withSource ? "1" : "2") + ".properties");
      Files.writeString(file, conf.toString());
      // bin/flume-ng: conf, lib/*, then each plugins.d/*/lib/* and plugins.d/*/libext/*.
      List<String> classpath = new ArrayList<>(List.of(home.resolve("conf").toString(),
          home.resolve("lib") + File.separator + "*"));
      try (Stream<java.nio.file.Path> plugins = Files.list(home.resolve("plugins.d"))) {
        plugins.forEach(p -> {
          classpath.add(p.resolve("lib") + File.separator + "*");
          classpath.add(p.resolve("libext") + File.separator + "*");
        });
      }
      String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
          "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + http,
          "-cp", String.join(File.pathSeparator, classpath),
          "org.apache.flume.node.Application", "-n", "a", "-f", file.toString(), "--no-reload-conf")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("agent.log").toFile()))
          .start();
      agents.add(process);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A counter of the file channel from the agent's JSON metrics; -1 while unreachable. */
    long metric(String name) {
      try (InputStream in = new URL("http://127.0.0.1:" + http + "/metrics").openStream()) {
        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"CHANNEL\\.fc\":\\{[^}]*\"" + name + "\":\"(\\d+)\"").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
      } catch (IOException e) {
        assertThat(process.isAlive()).as("agent running (see " + tmp.resolve("agent.log") + ")").isTrue();
        return -1;
      }
    }
  }
}
