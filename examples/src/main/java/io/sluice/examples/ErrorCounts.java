package io.sluice.examples;

import io.sluice.functions.LogFunctions;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.streaming.DStream;
import io.sluice.streaming.HBaseMapping;
import io.sluice.streaming.StreamingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;

/**
 * The speed layer in one page: log lines from a TCP socket; every second, errors per logger (the
 * shared {@link LogFunctions}, unchanged) written to HBase table {@code sluice_example_errors}
 * (cells stamped with the batch time) and printed with the top five; every second, lines per level
 * over the last 30 seconds; unparseable lines to a dead-letter folder; raw lines archived by hour.
 * State and the write-ahead log live in {@code /sluice/examples/error-counts} on HDFS, so a restart
 * resumes where it stopped.
 *
 * <pre>
 * bin/sluice run io.sluice.examples.ErrorCounts localhost 9999
 * </pre>
 */
public final class ErrorCounts {
  static final String TABLE = "sluice_example_errors";
  static final String HOME = "/sluice/examples/error-counts";

  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "localhost";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 9999;
    Configuration conf = new Configuration(); // the cluster's conf folder is on the classpath
    createTable(conf);

    StreamingContext ctx = StreamingContext.getOrCreate(HOME + "/checkpoint", () -> {
      StreamingContext c = new StreamingContext(conf, Duration.ofSeconds(1)).appName("error-counts");
      DStream<String> lines = c.socketTextStream("logs", host, port);
      lines.transformToPair(LogFunctions::errorsPerLogger).named("errors-per-logger")
          .saveToHBase(TABLE, HBaseMapping.longValues("s", "errors"));
      lines.foreachRdd((rdd, time) -> {
        List<Pair<String, Long>> top = LogFunctions.topErrorLoggers(rdd, 5);
        System.out.printf("%s  top error loggers: %s%n", Instant.ofEpochMilli(time), top);
      });
      lines.transformToPair(LogFunctions::countsPerLevel).named("lines-per-level")
          .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(30), Duration.ofSeconds(1))
          .foreachRdd((rdd, time) -> System.out.printf("%s  last 30 s per level: %s%n",
              Instant.ofEpochMilli(time), new TreeMap<>(PairRdd.of(rdd).collectAsMap())));
      lines.transform(LogFunctions::deadLetters).named("dead-letters")
          .saveAsTextFiles(HOME + "/dead-letters/batch");
      lines.archive(HOME + "/archive");
      return c;
    });
    ctx.start();
    System.out.printf("Counting errors from %s:%d; HBase table %s; state in %s. Ctrl-C stops.%n",
        host, port, TABLE, HOME);
    ctx.awaitTermination();
  }

  static void createTable(Configuration conf) throws Exception {
    try (Connection hbase = ConnectionFactory.createConnection(HBaseConfiguration.create(conf));
        Admin admin = hbase.getAdmin()) {
      TableName name = TableName.valueOf(TABLE);
      if (!admin.tableExists(name)) {
        admin.createTable(TableDescriptorBuilder.newBuilder(name)
            .setColumnFamily(ColumnFamilyDescriptorBuilder.of("s")).build());
      }
    }
  }
}
