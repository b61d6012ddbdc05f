package io.sluice.streaming.internal.wal;

import io.sluice.sandbox.LocalCluster;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A quick measure of write and recovery-read throughput, not a test: the real figures come from
 * the benchmark in {@code bench}. Arguments: {@code local|hdfs}, record bytes, MB per run, thread
 * counts (comma-separated). Each setting runs twice; the second run is the warm one.
 *
 * <pre>
 * java -cp "$(cat cp.txt):streaming/target/classes:streaming/target/test-classes" \
 *     io.sluice.streaming.internal.wal.WalWriteThroughput hdfs 1048576 2048 1,2
 * </pre>
 */
public final class WalWriteThroughput {

  private WalWriteThroughput() {}

  public static void main(String[] args) throws Exception {
    boolean hdfs = args[0].equals("hdfs");
    int recordBytes = Integer.parseInt(args[1]);
    long totalBytes = Long.parseLong(args[2]) << 20;
    String[] threadCounts = args[3].split(",");
    LocalCluster cluster = null;
    FileSystem fs;
    Path base;
    if (hdfs) {
      Configuration conf = new Configuration();
      conf.set("sluice.sandbox.hbase.enabled", "false");
      conf.set("sluice.sandbox.yarn.enabled", "false");
      cluster = LocalCluster.start(conf);
      fs = cluster.fileSystem();
      base = new Path("/wal-throughput");
    } else {
      fs = FileSystem.getLocal(new Configuration());
      base = new Path(new java.io.File(System.getProperty("java.io.tmpdir"), "wal-throughput")
          .toURI().toString());
    }
    byte[] record = new byte[recordBytes];
    new Random(1).nextBytes(record);
    try {
      for (int round = 0; round < 2; round++) {
        for (String count : threadCounts) {
          int threads = Integer.parseInt(count);
          Path dir = new Path(base, "run-" + round + "-" + threads);
          measure(fs, dir, record, totalBytes, threads);
          fs.delete(dir, true);
        }
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private static void measure(FileSystem fs, Path dir, byte[] record, long totalBytes, int threads)
      throws Exception {
    WalSettings settings = new WalSettings(true, Duration.ofMinutes(1), 64 << 20);
    try (HdfsWriteAheadLog log = HdfsWriteAheadLog.open(fs, dir, settings, Clock.systemUTC())) {
      long perThread = totalBytes / record.length / threads;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long started = System.nanoTime();
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(pool.submit(() -> {
          for (long i = 0; i < perThread; i++) {
            log.write(ByteBuffer.wrap(record), System.currentTimeMillis());
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      pool.shutdown();
      WalMetrics metrics = log.metrics();
      long readStarted = System.nanoTime();
      long read = 0;
      try (CloseableIterator<ByteBuffer> records = log.readAll()) {
        while (records.hasNext()) {
          read += records.next().remaining();
        }
      }
      double readSeconds = (System.nanoTime() - readStarted) / 1e9;
      System.out.printf("%s, %d threads, %d KB records: write %.0f MB/s (%d records, %d hflush),"
              + " readAll %.0f MB/s%n", fs.getScheme(), threads, record.length >> 10,
          metrics.bytesWritten() / seconds / (1 << 20), metrics.recordsWritten(), metrics.syncs(),
          read / readSeconds / (1 << 20));
    }
  }
}
