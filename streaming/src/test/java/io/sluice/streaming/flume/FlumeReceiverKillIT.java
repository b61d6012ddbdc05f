package io.sluice.streaming.flume;

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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The driver JVM, with its Flume polling receiver, is SIGKILLed twice while a source trickles
 * events into a Sluice sink on a real memory channel (in this JVM, so it outlives the driver), and
 * restarted each time from its checkpoint and HDFS write-ahead log. A kill lands between get, store
 * and ack; the sink rolls back what was not acked. In the end every event is in the batches' text
 * output, none lost; the ones stored but not acked before a kill are there twice, and counted.
 */
@Tag("cluster")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class FlumeReceiverKillIT {

  @Test
  void noEventIsLostWhenTheReceiverDiesBetweenStoreAndAck(LocalCluster cluster, TestSpace space)
      throws Exception {
    FileSystem fs = cluster.fileSystem();
    Path checkpoint = new Path(space.hdfsDir(), "checkpoint");
    Path output = new Path(space.hdfsDir(), "out/events");
    Path stop = new Path(space.hdfsDir(), "stop");
    int total = 20_000;
    try (InJvmFlumeSink sink = new InJvmFlumeSink("kill", 2000)) {
      String[] args = {Integer.toString(sink.address().getPort()), checkpoint.toString(),
          output.toString(), stop.toString()};
      Thread source = new Thread(() -> {
        for (int i = 0; i < total; i += 100) {
          sink.put("k", i, 100);
          try {
            Thread.sleep(25);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      Process driver = start(cluster, args);
      source.start();
      for (int kill = 0; kill < 2; kill++) {
        awaitStarted(driver);
        Thread.sleep(800 + kill * 400L); // the receiver is polling by now
        assertThat(source.isAlive()).as("events still flowing at kill %d", kill).isTrue();
        driver.destroyForcibly(); // SIGKILL: batches got but not acked roll back at the sink
        assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
        driver = start(cluster, args);
      }
      source.join();
      await().atMost(Duration.ofSeconds(90)).until(sink::drained);
      Thread.sleep(1000); // the last batches complete
      fs.create(stop).close();
      assertThat(driver.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, Integer> seen = new HashMap<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(output.getParent(), true);
    while (files.hasNext()) {
      Path file = files.next().getPath();
      if (file.toUri().getPath().matches(".*/[._][^/]*(/.*)?") ) {
        continue; // temporary folders and markers
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), UTF_8))) {
        r.lines().forEach(line -> seen.merge(line, 1, Integer::sum));
      }
    }
    for (int i = 0; i < total; i++) {
      assertThat(seen).as("event k-" + i).containsKey("k-" + i);
    }
    assertThat(seen).hasSize(total);
    int duplicates = seen.values().stream().mapToInt(Integer::intValue).sum() - total;
    // at most the batches in flight at each kill: 2 kills x 2 fetchers x 100 events
    assertThat(duplicates).isLessThanOrEqualTo(400);
    System.out.println("FlumeReceiverKillIT: 2 driver kills duplicated " + duplicates + " events");
  }

  private static Process start(LocalCluster cluster, String[] args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        System.getProperty("java.home") + "/bin/java", "-Xmx384m",
        "-cp", cluster.confDir() + File.pathSeparator
            + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        FlumeDriverMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Reads the driver's stdout until it printed STARTED (its receiver is then starting). */
  private static void awaitStarted(Process driver) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("STARTED")) {
        return;
      }
    }
    throw new AssertionError("the driver died before it started");
  }
}
