package io.sluice.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The driver in its own JVM is killed with SIGKILL in the middle of a batch, at a random moment and
 * right after a batch (while it checkpoints and cleans up), and restarted each time with getOrCreate;
 * meanwhile files keep arriving. In the end every word of every file is counted exactly once in
 * HBase, and the per-batch text output holds every line exactly once.
 */
@Tag("cluster")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class RecoveryIT {
  private static final int FILES = 60;
  private static final int LINES_PER_FILE = 50;
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"};

  @Test
  void everyStoredRecordIsCountedExactlyOnceAcrossDriverKills(LocalCluster cluster, TestSpace space)
      throws Exception {
    FileSystem fs = cluster.fileSystem();
    Path input = new Path(space.hdfsDir(), "input");
    Path staging = new Path(space.hdfsDir(), "staging");
    fs.mkdirs(input);
    fs.mkdirs(staging);
    String table = space.tableName("counts");
    cluster.hbaseConnection().getAdmin().createTable(TableDescriptorBuilder
        .newBuilder(TableName.valueOf(table)).setColumnFamily(ColumnFamilyDescriptorBuilder.of("s")).build());
    Path stopFile = new Path(space.hdfsDir(), "stop");
    String[] args = {input.toString(), new Path(space.hdfsDir(), "checkpoint").toString(), table,
        stopFile.toString(), new Path(space.hdfsDir(), "out/batch").toString()};

    Map<String, Long> truth = new TreeMap<>();
    AtomicInteger written = new AtomicInteger();
    Thread feeder = new Thread(() -> {
      try {
        for (int f = 0; f < FILES; f++) {
          Path temp = new Path(staging, "file-" + f);
          try (OutputStream out = fs.create(temp)) {
            for (int l = 0; l < LINES_PER_FILE; l++) {
              String word = WORDS[(f * 31 + l * 7) % WORDS.length];
              synchronized (truth) {
                truth.merge(word, 1L, Long::sum);
              }
              out.write((word + "\n").getBytes(UTF_8));
            }
          }
          fs.rename(temp, new Path(input, "file-" + f));
          written.incrementAndGet();
          Thread.sleep(60);
        }
      } catch (IOException | InterruptedException e) {
        throw new RuntimeException(e);
      }
    }, "feeder");

    Driver first = Driver.start(cluster, args);
    first.await("STARTED");
    feeder.start();
    first.await("OUTPUT");            // mid-batch
    first.kill();

    Driver second = Driver.start(cluster, args);
    second.await("STARTED");
    Thread.sleep(700 + (long) (Math.random() * 800)); // anywhere
    second.kill();

    Driver third = Driver.start(cluster, args);
    third.await("COMPLETED");         // right after a batch: checkpoint and cleanup under way
    third.kill();

    feeder.join();
    Driver last = Driver.start(cluster, args);
    long total = (long) FILES * LINES_PER_FILE;
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .until(() -> countedInHBase(cluster, table) == total);
    fs.create(stopFile).close();
    assertThat(last.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(written.get()).isEqualTo(FILES);
    Map<String, Long> counted = new TreeMap<>();
    try (Table t = cluster.hbaseConnection().getTable(TableName.valueOf(table))) {
      for (String word : WORDS) {
        Result row = t.get(new Get(Bytes.toBytes(word)));
        counted.put(word, Bytes.toLong(row.getValue(Bytes.toBytes("s"), Bytes.toBytes("count"))));
      }
    }
    assertThat(counted).isEqualTo(truth);
    assertThat(linesInTextOutput(fs, new Path(space.hdfsDir(), "out"))).isEqualTo(total);
  }

  private static long countedInHBase(LocalCluster cluster, String table) throws IOException {
    long sum = 0;
    try (Table t = cluster.hbaseConnection().getTable(TableName.valueOf(table))) {
      for (String word : WORDS) {
        byte[] value = t.get(new Get(Bytes.toBytes(word))).getValue(Bytes.toBytes("s"), Bytes.toBytes("count"));
        sum += value == null ? 0 : Bytes.toLong(value);
      }
    }
    return sum;
  }

  private static long linesInTextOutput(FileSystem fs, Path out) throws IOException {
    long lines = 0;
    for (FileStatus batch : fs.listStatus(out, p -> p.getName().startsWith("batch-"))) {
      for (FileStatus part : fs.listStatus(batch.getPath())) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), UTF_8))) {
          lines += reader.lines().count();
        }
      }
    }
    return lines;
  }

  /** A driver JVM and the lines it printed. */
  private static final class Driver {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();

    private Driver(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            synchronized (all) {
              all.add(line);
            }
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the process died
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Driver start(LocalCluster cluster, String[] args) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          System.getProperty("java.home") + "/bin/java",
          "-Xmx384m", "-cp", cluster.confDir() + File.pathSeparator + classpath(),
          RecoveryDriverMain.class.getName()));
      command.addAll(List.of(args));
      return new Driver(new ProcessBuilder(command).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    void await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return;
        }
        assertThat(process.isAlive()).as("driver died; it printed %s", all).isTrue();
      }
      throw new AssertionError("driver never printed " + prefix + "; it printed " + all);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static String classpath() {
      return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
  }
}
