package io.sluice.streaming;

import io.sluice.rdd.Pair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A streaming program run in its own JVM by {@link RecoveryIT}, to be killed and restarted: reads
 * the words of new files (exactly once per file), writes each batch as text files, and keeps running
 * totals per word in HBase. Prints its progress on stdout; stops gracefully when the stop file
 * appears. Arguments: input folder, checkpoint folder, HBase table, stop file, output prefix.
 */
public final class RecoveryDriverMain {
  public static void main(String[] args) throws Exception {
    String input = args[0];
    String checkpoint = args[1];
    String table = args[2];
    Path stopFile = new Path(args[3]);
    String output = args[4];
    Configuration conf = new Configuration(); // the sandbox's conf folder is on the classpath
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 50);

    StreamingContext ctx = StreamingContext.getOrCreate(checkpoint, () -> {
      StreamingContext c = new StreamingContext(conf, Duration.ofMillis(500));
      DStream<String> lines = c.textFileStream("files", input);
      lines.foreachRdd((rdd, time) -> {
        long records = rdd.count();
        System.out.println("OUTPUT " + time + " " + records);
        Thread.sleep(150); // a batch takes a while: kills land in the middle of one
      });
      lines.saveAsTextFiles(output);
      lines.mapToPair(word -> Pair.of(word, 1L))
          .updateStateByKey((List<Long> values, Optional<Long> total) ->
              total.orElse(0L) + values.stream().mapToLong(Long::longValue).sum())
          .saveToHBase(table, HBaseMapping.longValues("s", "count"));
      c.addListener(new StreamingListener() {
        @Override
        public void onBatchCompleted(BatchInfo batch) {
          System.out.println("COMPLETED " + batch.batchTimeMillis() + " " + batch.records()
              + (batch.recovered() ? " recovered" : ""));
        }
      });
      return c;
    });
    ctx.start();
    System.out.println("STARTED");
    FileSystem fs = stopFile.getFileSystem(conf);
    while (!fs.exists(stopFile)) {
      Thread.sleep(100);
    }
    ctx.stop(true);
    System.out.println("STOPPED");
    System.exit(0);
  }
}
