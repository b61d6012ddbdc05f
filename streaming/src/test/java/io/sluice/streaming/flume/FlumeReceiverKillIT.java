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
 * restarted each time from its checkpoint and HDFS write-ahead log. The driver polls through a relay
 * that holds its acks just before each kill, so a kill lands between store and ack; the sink rolls
 * back what was not acked. In the end every event is in the batches' text
 * output exactly once: batches stored but not acked before a kill come back with their source marks,
 * the restarted receiver asks the sink about them and drops their events when offered again.
 */
@Tag("cluster")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class FlumeReceiverKillIT {

  @Test
  void everyEventIsStoredExactlyOnceWhenTheReceiverDiesBetweenStoreAndAck(LocalCluster cluster,
      TestSpace space)
      throws Exception {
    FileSystem fs = cluster.fileSystem();
    Path checkpoint = new Path(space.hdfsDir(), "checkpoint");
    Path output = new Path(space.hdfsDir(), "out/events");
    Path stop = new Path(space.hdfsDir(), "stop");
    int total = 20_000;
    try (InJvmFlumeSink sink = new InJvmFlumeSink("kill", 2000);
        CuttableProxy relay = new CuttableProxy(sink.address())) {
      // The driver polls through a relay that can hold its acks, so each kill surely lands between
      // a store and its ack.
      String[] args = {Integer.toString(relay.address().getPort()), checkpoint.toString(),
          output.toString(), stop.toString()};
      Thread source = new Thread(() -> {
        for (int i = 0; i < total; i += 100) {
          sink.put("k", i, 100);
          try {
            Thread.sleep(60);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      Process driver = start(cluster, args, 0);
      source.start();
      for (int kill = 0; kill < 2; kill++) {
        awaitStarted(kill);
        Thread.sleep(800 + kill * 400L); // the receiver is polling by now
        assertThat(source.isAlive()).as("events still flowing at kill %d", kill).isTrue();
        relay.delayUpstream(5000); // what the driver sends now (its next acks) is held
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sink().openTransactions() > 0);
        Thread.sleep(500); // the served batch is stored in the HDFS WAL, its ack held in the relay
        driver.destroyForcibly(); // SIGKILL: batches got but not acked roll back at the sink
        assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
        relay.cutAll();
        relay.delayUpstream(0);
        driver = start(cluster, args, kill + 1);
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
    Map<String, Integer> twice = new java.util.TreeMap<>();
    seen.forEach((event, times) -> {
      if (times != 1) {
        twice.put(event, times);
      }
    });
    long dropped = droppedByDrivers(driverLogs);
    System.out.println("FlumeReceiverKillIT: 2 driver kills, " + total + " events, " + twice.size()
        + " seen more than once, " + dropped + " redelivered events dropped");
    assertThat(twice).as("events in the output more than once").isEmpty();
    assertThat(dropped).as("batches stored before the kills were offered again").isPositive();
  }

  /** Sums, over the driver runs, the last duplicatesDropped each printed ("DROPPED n" lines). */
  private static long droppedByDrivers(List<String> logs) {
    Map<String, Long> lastByRun = new HashMap<>();
    for (String line : logs) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[1].equals("DROPPED")) {
        lastByRun.put(parts[0], Long.parseLong(parts[2]));
      }
    }
    return lastByRun.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Each driver run's stdout lines, prefixed with the run number. */
  private final List<String> driverLogs = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Process start(LocalCluster cluster, String[] args, int run) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        System.getProperty("java.home") + "/bin/java", "-Xmx384m",
        "-cp", cluster.confDir() + File.pathSeparator
            + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        FlumeDriverMain.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          driverLogs.add(run + " " + line);
        }
      } catch (IOException e) {
        // killed
      }
      driverLogs.add(run + " EXITED");
    });
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  /** Waits until driver run {@code run} printed STARTED (its receiver is then starting). */
  private void awaitStarted(int run) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      if (driverLogs.contains(run + " EXITED")) {
        throw new AssertionError("driver run " + run + " died before it started");
      }
      return driverLogs.contains(run + " STARTED");
    });
  }
}
