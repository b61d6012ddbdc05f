package io.sluice.bench;

import io.sluice.examples.LogLines;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.functions.LogFunctions;
import io.sluice.functions.LogLine;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.sandbox.LocalCluster;
import io.sluice.streaming.BatchInfo;
import io.sluice.streaming.DStream;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import io.sluice.streaming.StreamingListener;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;

/**
 * End-to-end streaming benchmark (issue 4): Hadoop-style log lines served over TCP to the socket
 * receiver, batch 1 s, WAL on; job: filterErrors + errors per logger per batch, and counts per level
 * over a 30 s window sliding 1 s. Prints the sustained rate, scheduling delay trend, p50/p99
 * processing time, peak RSS, and checks every count against the generator's ground truth.
 *
 * <pre>
 * java -cp ... io.sluice.bench.StreamingThroughput RATE SECONDS WAL [key=value ...]
 *   (RATE lines/s, 0 for as fast as the receiver goes; WAL: local | hdfs | off)
 * </pre>
 */
public final class StreamingThroughput {
  private static final int WARM_UP_BATCHES = 5;

  public static void main(String[] args) throws Exception {
    long rate = Long.parseLong(args[0]);
    int seconds = Integer.parseInt(args[1]);
    String wal = args[2];

    List<String> lines = LogLines.generate(500_000, 42);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.size() * 125);
    Map<String, Long> errorsPerPass = new HashMap<>();
    Map<String, Long> levelsPerPass = new HashMap<>();
    for (String line : lines) {
      bytes.write((line + "\n").getBytes(UTF_8));
      LogLine.Level level = LogLine.level(line);
      if (level != null) {
        levelsPerPass.merge(level.name(), 1L, Long::sum);
        if (level.isError()) {
          errorsPerPass.merge(LogLine.logger(line), 1L, Long::sum);
        }
      }
    }
    byte[] pass = bytes.toByteArray();
    int linesPerPass = lines.size();
    lines = null;
    bytes = null;

    LocalCluster cluster = null;
    Path tmp = Files.createTempDirectory("sluice-bench");
    Configuration conf = new Configuration();
    String checkpoint = tmp.resolve("checkpoint").toUri().toString();
    if (wal.equals("hdfs")) {
      cluster = HdfsOnlySandbox.start();
      conf = cluster.clientConf();
      checkpoint = cluster.nameNodeUri() + "/bench/checkpoint";
    }
    conf.setBoolean(StreamingConfigKeys.WAL_ENABLED_KEY, !wal.equals("off"));
    conf.setLong(StreamingConfigKeys.RECEIVER_MAX_RATE_KEY, rate);
    conf.setBoolean(StreamingConfigKeys.BACKPRESSURE_ENABLED_KEY, false);
    for (int i = 3; i < args.length; i++) { // extra key=value settings
      conf.set(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    }

    try (ServerSocket server = new ServerSocket(0)) {
      AtomicLong passesSent = new AtomicLong();
      Thread sender = new Thread(() -> {
        try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
          long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
          while (System.nanoTime() < end) {
            out.write(pass);
            passesSent.incrementAndGet();
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, "sender");
      sender.start();

      StreamingContext ctx = new StreamingContext(conf, Duration.ofSeconds(1)).checkpoint(checkpoint);
      Map<String, Long> errors = new ConcurrentHashMap<>();
      AtomicLong records = new AtomicLong();
      Map<String, Long> lastWindow = new ConcurrentHashMap<>();
      DStream<String> logs = ctx.socketTextStream("logs", "localhost", server.getLocalPort());
      logs.foreachRdd((rdd, time) -> {
        PairRdd<String, Long> perLogger = LogFunctions.errorsPerLogger(rdd);
        perLogger.collectAsMap().forEach((k, v) -> errors.merge(k, v, Long::sum));
      });
      logs.transformToPair(LogFunctions::countsPerLevel)
          .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(30), Duration.ofSeconds(1))
          .foreachRdd((rdd, time) -> {
            lastWindow.clear();
            lastWindow.putAll(PairRdd.of(rdd).collectAsMap());
          });
      List<BatchInfo> batches = new CopyOnWriteArrayList<>();
      ctx.addListener(new StreamingListener() {
        @Override
        public void onBatchCompleted(BatchInfo batch) {
          batches.add(batch);
          records.addAndGet(batch.records());
        }
      });
      ctx.start();
      long started = System.nanoTime();
      sender.join();
      long expected = passesSent.get() * linesPerPass;
      long lastReport = System.nanoTime();
      while (records.get() < expected) {
        Thread.sleep(100);
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          System.out.printf("waiting for the last batches: %d of %d lines processed; %s%n", records.get(), expected, ctx.receiverStatuses());
          lastReport = System.nanoTime();
        }
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      ctx.stop(true);

      List<BatchInfo> busy = batches.stream().filter(b -> b.records() > 0).toList();
      // The first batches run before the JIT has compiled the hot path: reported, not ranked.
      int warmUp = Math.min(WARM_UP_BATCHES, Math.max(0, busy.size() - 1));
      List<Long> processing = new ArrayList<>(busy.subList(warmUp, busy.size()).stream()
          .map(BatchInfo::processingTimeMillis).toList());
      Collections.sort(processing);
      int n = busy.size();
      int m = processing.size();
      double firstDelay = busy.subList(0, Math.min(10, n)).stream()
          .mapToLong(BatchInfo::schedulingDelayMillis).average().orElse(0);
      double lastDelay = busy.subList(Math.max(0, n - 15), Math.max(0, n - 5)).stream()
          .mapToLong(BatchInfo::schedulingDelayMillis).average().orElse(0);
      boolean correct = true;
      for (Map.Entry<String, Long> e : errorsPerPass.entrySet()) {
        correct &= errors.getOrDefault(e.getKey(), 0L) == e.getValue() * passesSent.get();
      }
      System.out.printf("wal=%s rate-limit=%d lines/s: %d lines in %.1f s = %.2f M lines/s sustained%n",
          wal, rate, expected, elapsed, expected / elapsed / 1e6);
      System.out.printf("batches with data: %d; after the first %d: processing p50 %d ms, p99 %d ms, "
          + "max %d ms%n", n, warmUp, processing.get(m / 2),
          processing.get(Math.min(m - 1, (int) Math.ceil(m * 0.99) - 1)), processing.get(m - 1));
      System.out.println("processing ms per batch, in order: "
          + busy.stream().map(b -> String.valueOf(b.processingTimeMillis())).toList());
      System.out.printf("scheduling delay: first 10 batches avg %.0f ms, near the end avg %.0f ms%n",
          firstDelay, lastDelay);
      System.out.printf("peak RSS %s; errors per logger match ground truth: %s (%d passes of %d lines)%n",
          peakRss(), correct, passesSent.get(), linesPerPass);
      System.out.printf("last 30 s window per level: %s%n", new java.util.TreeMap<>(lastWindow));
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      org.apache.hadoop.fs.FileUtil.fullyDelete(tmp.toFile());
    }
    System.exit(0);
  }

  private static String peakRss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).trim();
      }
    }
    return "unknown";
  }
}
