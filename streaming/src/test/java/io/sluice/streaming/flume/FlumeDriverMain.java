package io.sluice.streaming.flume;

import io.sluice.records.Event;
import io.sluice.streaming.StreamingConfigKeys;
import io.sluice.streaming.StreamingContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A streaming program run in its own JVM by {@link FlumeReceiverKillIT}, to be killed (with its
 * Flume polling receiver) and restarted: pulls from one Sluice sink, writes each batch's event bodies
 * as text files, prints its receiver's dropped duplicates as they change ({@code DROPPED n}). Stops
 * gracefully when the stop file appears. Arguments: sink port, checkpoint
 * folder, output prefix, stop file.
 */
public final class FlumeDriverMain {
  private static long dropped(StreamingContext ctx) {
    return ctx.receiverStatuses().stream()
        .mapToLong(s -> s.sourceCounters().getOrDefault("flume.duplicatesDropped", 0L)).sum();
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String checkpoint = args[1];
    String output = args[2];
    Path stopFile = new Path(args[3]);
    Configuration conf = new Configuration(); // the sandbox's conf folder is on the classpath
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 50);
    StreamingContext ctx = StreamingContext.getOrCreate(checkpoint, () -> {
      StreamingContext c = new StreamingContext(conf, Duration.ofMillis(500));
      c.flumePollingStream("flume", List.of(new InetSocketAddress("127.0.0.1", port)), 100, 2)
          .map(Event::line)
          .saveAsTextFiles(output);
      return c;
    });
    ctx.start();
    System.out.println("STARTED");
    FileSystem fs = stopFile.getFileSystem(conf);
    long lastDropped = -1;
    while (!fs.exists(stopFile)) {
      Thread.sleep(100);
      long dropped = dropped(ctx);
      if (dropped != lastDropped) {
        System.out.println("DROPPED " + dropped); // the test reads the last one of each run
        lastDropped = dropped;
      }
    }
    ctx.stop(true);
    System.out.println("STOPPED");
    System.exit(0);
  }
}
