package io.sluice.streaming.flume;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.records.Event;
import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on the sandbox: two Sluice sinks on real Flume memory channels, the polling receiver
 * in a streaming context whose write-ahead log and checkpoints are on the sandbox's HDFS, and the
 * batches' text output on HDFS. Every event a sink served is in the output exactly once, and the
 * channels end empty.
 */
@Tag("cluster")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class FlumePollingIT {
  private static final Map<String, AtomicLong> COUNTED = new ConcurrentHashMap<>();

  @Test
  void everyEventServedIsStoredInTheHdfsWalAndOutputExactlyOnce(LocalCluster cluster, TestSpace space)
      throws Exception {
    int perSink = 10_000;
    try (InJvmFlumeSink a = new InJvmFlumeSink("it-a", 30_000);
        InJvmFlumeSink b = new InJvmFlumeSink("it-b", 30_000)) {
      Configuration conf = cluster.clientConf();
      conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 50);
      Path out = new Path(space.hdfsDir(), "out/events");
      Path checkpoint = new Path(space.hdfsDir(), "checkpoint");
      StreamingContext ctx = new StreamingContext(conf, Duration.ofMillis(500))
          .checkpoint(checkpoint.toString());
      var events = ctx.flumePollingStream("flume", List.of(a.address(), b.address()), 500, 2);
      events.foreachRdd((rdd, time) -> COUNTED.computeIfAbsent(space.name(), k -> new AtomicLong())
          .addAndGet(rdd.count()));
      events.transform(rdd -> rdd.map(Event::line)).saveAsTextFiles(out.toString());
      ctx.start();
      try {
        a.put("a", 0, perSink);
        b.put("b", 0, perSink);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
            .until(() -> counted(space) >= 2L * perSink && a.drained() && b.drained());
        // one more batch so the last output folder is complete
        long done = ctx.lastCompletedBatchTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> ctx.lastCompletedBatchTime() > done + 500);
      } finally {
        ctx.stop(true);
      }
      assertThat(counted(space)).isEqualTo(2L * perSink);

      FileSystem fs = cluster.fileSystem();
      Map<String, Integer> lines = new HashMap<>();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(out.getParent(), true);
      while (files.hasNext()) {
        Path file = files.next().getPath();
        if (file.getName().startsWith("_") || file.getName().startsWith(".")) {
          continue;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), UTF_8))) {
          r.lines().forEach(line -> lines.merge(line, 1, Integer::sum));
        }
      }
      assertThat(lines).hasSize(2 * perSink);
      assertThat(lines.values()).allMatch(n -> n == 1);
      assertThat(lines).containsKeys("a-0", "a-9999", "b-0", "b-9999");
      boolean walOnHdfs = false;
      RemoteIterator<LocatedFileStatus> ckpt = fs.listFiles(checkpoint, true);
      while (ckpt.hasNext()) {
        walOnHdfs |= ckpt.next().getPath().getName().startsWith("wal-");
      }
      assertThat(walOnHdfs).as("the receiver's WAL segments are on HDFS").isTrue();
    }
  }

  private static long counted(TestSpace space) {
    AtomicLong n = COUNTED.get(space.name());
    return n == null ? 0 : n.get();
  }
}
