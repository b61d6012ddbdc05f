package io.sluice.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.functions.LogFunctions;
import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import io.sluice.streaming.internal.ManualBatchClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
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
 * Log lines over a TCP socket into a context with the WAL and checkpoints on HDFS: errors per logger
 * to HBase (cells stamped with the batch time), unparseable lines to a dead-letter folder, an
 * oversized line rejected and counted, and the raw lines archived by hour, the hour closed with
 * _SUCCESS once its end plus the allowed lateness passed.
 */
@Tag("cluster")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class StreamingOutputsIT {
  private static final long HOUR = 3_600_000L;
  /** 10:00:00 UTC on 2026-11-21. */
  private static final long TEN = 1_795_255_200_000L;
  /** Two seconds before; the first batch is at 09:59:59. */
  private static final long T0 = TEN - 2000;

  @Test
  void socketLinesFlowToHBaseDeadLettersAndTheHourlyArchive(LocalCluster cluster, TestSpace space)
      throws Exception {
    FileSystem fs = cluster.fileSystem();
    String table = space.tableName("errors");
    cluster.hbaseConnection().getAdmin().createTable(TableDescriptorBuilder.newBuilder(TableName.valueOf(table))
        .setColumnFamily(ColumnFamilyDescriptorBuilder.of("s")).build());
    Path archive = new Path(space.hdfsDir(), "archive");
    Path deadLetters = new Path(space.hdfsDir(), "dead/batch");

    List<String> good = List.of(
        "2026-11-20 09:59:58,001 ERROR org.apache.hadoop.hdfs.DataNode: disk failed",
        "2026-11-20 09:59:58,002 INFO org.apache.hadoop.hdfs.DataNode: ok",
        "2026-11-20 09:59:58,003 ERROR org.apache.hadoop.hdfs.DataNode: disk failed again",
        "2026-11-20 09:59:58,004 ERROR org.apache.hadoop.yarn.NodeManager: container lost");
    String malformed = "this is not a log line";
    String oversized = "2026-11-20 09:59:58,005 INFO x: " + "y".repeat(5000);

    try (ServerSocket server = new ServerSocket(0)) {
      ManualBatchClock clock = new ManualBatchClock(T0);
      org.apache.hadoop.conf.Configuration conf = cluster.clientConf();
      conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
      conf.setInt(StreamingConfigKeys.RECEIVER_MAX_RECORD_BYTES_KEY, 1000);
      conf.setLong(StreamingConfigKeys.ARCHIVE_ALLOWED_LATENESS_MS_KEY, 1000);
      StreamingContext ctx = new StreamingContext(conf, Duration.ofSeconds(1), clock)
          .checkpoint(new Path(space.hdfsDir(), "checkpoint").toString());
      DStream<String> lines = ctx.socketTextStream("logs", "localhost", server.getLocalPort());
      lines.transformToPair(LogFunctions::errorsPerLogger)
          .saveToHBase(table, HBaseMapping.longValues("s", "errors"));
      lines.transform(LogFunctions::deadLetters).saveAsTextFiles(deadLetters.toString());
      lines.archive(archive.toString());
      org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("Line").fields()
          .requiredString("line").requiredInt("length").endRecord();
      lines.saveAsParquetFiles(new Path(space.hdfsDir(), "parquet/batch").toString(), schema, line -> {
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(schema);
        record.put("line", line);
        record.put("length", line.length());
        return record;
      });
      ctx.start();
      try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
        for (String line : good) {
          out.write((line + "\n").getBytes(UTF_8));
        }
        out.write((malformed + "\n" + oversized + "\n").getBytes(UTF_8));
        out.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> ctx.receiverStatuses().get(0).records() == 5);

        clock.advance(1000); // batch at 09:59:59 holds every line
        long t1 = T0 + 1000;
        await().atMost(Duration.ofSeconds(60)).until(() -> ctx.lastCompletedBatchTime() >= t1);
        clock.advance(2000); // 10:00:01: hour 09 ended at 10:00, plus 1 s lateness -> closed
        await().atMost(Duration.ofSeconds(60)).until(() -> ctx.lastCompletedBatchTime() >= TEN + 1000);

        ReceiverStatus status = ctx.receiverStatuses().get(0);
        assertThat(status.oversizedRecords()).isEqualTo(1);
        assertThat(status.lastError()).contains("5032 bytes");

        try (Table t = cluster.hbaseConnection().getTable(TableName.valueOf(table))) {
          Result dataNode = t.get(new Get(Bytes.toBytes("org.apache.hadoop.hdfs.DataNode")));
          Cell cell = dataNode.getColumnLatestCell(Bytes.toBytes("s"), Bytes.toBytes("errors"));
          assertThat(Bytes.toLong(cell.getValueArray(), cell.getValueOffset())).isEqualTo(2);
          assertThat(cell.getTimestamp()).isEqualTo(t1);
          Result nodeManager = t.get(new Get(Bytes.toBytes("org.apache.hadoop.yarn.NodeManager")));
          assertThat(Bytes.toLong(nodeManager.getValue(Bytes.toBytes("s"), Bytes.toBytes("errors")))).isEqualTo(1);
        }

        assertThat(readLines(fs, new Path(deadLetters + "-" + t1))).containsExactly(malformed);
        assertThat(readParquet(cluster, new Path(space.hdfsDir(), "parquet/batch-" + t1)))
            .containsExactlyInAnyOrderElementsOf(concat(good, List.of(malformed)));

        Path nine = new Path(archive, "2026/11/21/09");
        assertThat(readEvents(fs, nine)).extracting(Event::line).containsExactlyInAnyOrderElementsOf(
            concat(good, List.of(malformed)));
        assertThat(fs.exists(new Path(nine, "_SUCCESS"))).as("hour 09 closed").isTrue();
        assertThat(fs.exists(new Path(archive, "2026/11/21/10/_SUCCESS"))).as("hour 10 still open").isFalse();
      } finally {
        ctx.stop(true);
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> readLines(FileSystem fs, Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(dir)) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), UTF_8))) {
        reader.lines().forEach(lines::add);
      }
    }
    return lines;
  }

  private static List<String> readParquet(LocalCluster cluster, Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    FileSystem fs = cluster.fileSystem();
    for (FileStatus part : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
      try (var reader = org.apache.parquet.avro.AvroParquetReader.<GenericRecord>builder(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(part.getPath(), cluster.clientConf())).build()) {
        GenericRecord record;
        while ((record = reader.read()) != null) {
          assertThat(record.getSchema().getName()).isEqualTo("Line");
          assertThat(record.get("length")).isEqualTo(record.get("line").toString().length());
          lines.add(record.get("line").toString());
        }
      }
    }
    return lines;
  }

  private static List<Event> readEvents(FileSystem fs, Path hour) throws IOException {
    List<Event> events = new ArrayList<>();
    for (FileStatus file : fs.listStatus(hour, p -> p.getName().endsWith(".avro"))) {
      try (DataFileStream<GenericRecord> records =
          new DataFileStream<>(fs.open(file.getPath()), new GenericDatumReader<>(EventCodec.SCHEMA))) {
        records.forEach(r -> events.add(EventCodec.fromRecord(r)));
      }
    }
    return events;
  }
}
