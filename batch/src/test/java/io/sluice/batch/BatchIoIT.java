package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.functions.LogFunctions;
import io.sluice.functions.TextFunctions;
import io.sluice.rdd.Action;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.RunResult;
import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sources and sinks against the sandbox's HDFS and HBase, with MapReduce on the local job runner:
 * the archive's hour folders in, Parquet (read back with parquet-avro, schema checked) and HBase
 * (rows read back) out, text in and out, and corrupt input failing or skipped as configured.
 */
@Tag("cluster")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class BatchIoIT {

  private static final byte[] FAMILY = Bytes.toBytes("b");
  private static final byte[] ERRORS = Bytes.toBytes("errors");

  private LocalCluster cluster;
  private TestSpace space;
  private FileSystem fs;
  private Configuration conf;

  @BeforeEach
  void setUp(LocalCluster cluster, TestSpace space) {
    this.cluster = cluster;
    this.space = space;
    this.fs = cluster.fileSystem();
    conf = cluster.clientConf();
    conf.set("mapreduce.framework.name", "local");
    conf.set(BatchConfigKeys.WORK_DIR_KEY, space.hdfsDir() + "/work");
  }

  @Test
  void archiveHourRangeGoesToParquetAndHBase() throws Exception {
    String archive = space.hdfsDir() + "/archive";
    writeEvents(archive + "/2026/11/20/10/batch-1.avro", logEvents(0, 50));
    writeEvents(archive + "/2026/11/20/10/batch-2.avro", logEvents(50, 50));
    writeEvents(archive + "/2026/11/20/11/batch-3.avro", logEvents(100, 50));
    writeEvents(archive + "/2026/11/20/12/batch-4.avro", logEvents(150, 50)); // outside the range
    fs.create(new Path(archive + "/2026/11/20/10/_SUCCESS")).close();
    fs.create(new Path(archive + "/2026/11/20/11/.batch-5.avro.tmp")).close(); // in progress, hidden

    String hours = BatchContext.hours(archive, Instant.parse("2026-11-20T10:00:00Z"),
        Instant.parse("2026-11-20T12:00:00Z"));
    assertThat(hours).isEqualTo(archive + "/2026/11/20/{10,11}");

    TableName table = TableName.valueOf(space.tableName("views"));
    cluster.hbaseConnection().getAdmin().createTable(TableDescriptorBuilder.newBuilder(table)
        .setColumnFamily(ColumnFamilyDescriptorBuilder.of(FAMILY)).build());
    long ts = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    String out = space.hdfsDir() + "/views/errors";
    Map<String, Long> expected = expectedErrors(150);

    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      PairRdd<String, Long> errors = LogFunctions.errorsPerLogger(ctx.archive(hours).map(Event::line));
      errors.writeTo(ParquetSink.pairs(ctx.conf(), out, "logger", "errors"));
      errors.writeTo(HBaseSink.of(ctx.conf(), table.getNameAsString(), p ->
          new Put(Bytes.toBytes(p.key())).addColumn(FAMILY, ERRORS, ts, Bytes.toBytes(p.value()))));
      assertThat(ctx.archive(hours).count()).isEqualTo(150);
    }

    // Parquet, read back with parquet-avro's own reader
    assertThat(fs.exists(new Path(out, "_SUCCESS"))).isTrue();
    Map<String, Long> parquet = new HashMap<>();
    Schema schema = null;
    for (FileStatus file : fs.listStatus(new Path(out), p -> p.getName().endsWith(".parquet"))) {
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
          HadoopInputFile.fromPath(file.getPath(), conf)).withConf(conf).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          schema = r.getSchema();
          parquet.put(r.get("logger").toString(), (Long) r.get("errors"));
        }
      }
    }
    assertThat(parquet).isEqualTo(expected);
    assertThat(schema.getField("logger").schema().getType()).isEqualTo(Schema.Type.STRING);
    assertThat(schema.getField("errors").schema().getTypes())
        .extracting(Schema::getType).containsExactly(Schema.Type.NULL, Schema.Type.LONG);

    // HBase rows, with the caller's cell timestamp
    try (Table t = cluster.hbaseConnection().getTable(table)) {
      for (Map.Entry<String, Long> e : expected.entrySet()) {
        Result row = t.get(new Get(Bytes.toBytes(e.getKey())));
        assertThat(Bytes.toLong(row.getValue(FAMILY, ERRORS))).isEqualTo(e.getValue());
        assertThat(row.getColumnLatestCell(FAMILY, ERRORS).getTimestamp()).isEqualTo(ts);
      }
    }

    // and the Parquet output is a source again
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      Map<String, Long> again = ctx.parquetFile(out)
          .mapToPair(r -> Pair.of(r.get("logger").toString(), (Long) r.get("errors"))).collectAsMap();
      assertThat(again).isEqualTo(expected);
    }
  }

  @Test
  void truncatedAvroFailsNamingTheFileOrIsSkippedAndCounted() throws Exception {
    String dir = space.hdfsDir() + "/archive/2026/11/20/10";
    writeEvents(dir + "/good.avro", logEvents(0, 40));
    writeEvents(dir + "/broken.avro", logEvents(0, 2000));
    truncate(new Path(dir + "/broken.avro"), 3000);

    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      assertThatThrownBy(() -> ctx.archive(dir).count())
          .hasStackTraceContaining("broken.avro");
    }
    conf.setBoolean(BatchConfigKeys.SKIP_CORRUPT_INPUT_KEY, true);
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      RunResult<Long> run = ctx.archive(dir).run(Action.count());
      assertThat(run.value()).isGreaterThanOrEqualTo(40).isLessThan(2040);
      assertThat(run.counters().get("archive.corrupt-files")).isEqualTo(1);
    }
  }

  @Test
  void badParquetFooterFailsNamingTheFileOrIsSkippedAndCounted() throws Exception {
    String dir = space.hdfsDir() + "/parquet";
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      ctx.engine().parallelize(List.of(Pair.of("a", 1L), Pair.of("b", 2L)), 1)
          .writeTo(ParquetSink.<String, Long>pairs(ctx.conf(), dir, "k", "v"));
    }
    try (OutputStream out = fs.create(new Path(dir, "part-00099.parquet"))) {
      out.write("PAR1 this is not a parquet file at all".getBytes(StandardCharsets.UTF_8));
    }
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      assertThatThrownBy(() -> ctx.parquetFile(dir).count())
          .hasStackTraceContaining("part-00099.parquet");
    }
    conf.setBoolean(BatchConfigKeys.SKIP_CORRUPT_INPUT_KEY, true);
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      RunResult<Long> run = ctx.parquetFile(dir).run(Action.count());
      assertThat(run.value()).isEqualTo(2);
      assertThat(run.counters().get("parquet.corrupt-files")).isEqualTo(1);
    }
  }

  @Test
  void textGlobGoesToTextFiles() throws Exception {
    String in = space.hdfsDir() + "/text";
    for (String name : List.of("a.txt", "b.txt", "c.log")) {
      try (OutputStream out = fs.create(new Path(in, name))) {
        out.write("to be or not to be\nthat is\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = space.hdfsDir() + "/wordcount";
    try (BatchContext ctx = BatchContext.mapReduce(conf)) {
      TextFunctions.wordCount(ctx.textFile(in + "/*.txt")).writeTo(TextSink.of(ctx.conf(), out));
    }
    List<String> lines = new ArrayList<>();
    for (FileStatus file : fs.listStatus(new Path(out), p -> p.getName().startsWith("part-"))) {
      try (InputStream stream = fs.open(file.getPath())) {
        lines.addAll(List.of(new String(stream.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
      }
    }
    assertThat(lines).containsExactlyInAnyOrder("(to, 4)", "(be, 4)", "(or, 2)", "(not, 2)",
        "(that, 2)", "(is, 2)");
    assertThat(fs.exists(new Path(out, "_SUCCESS"))).isTrue();
  }

  private static final String[] LOGGERS = {"org.apache.hadoop.hdfs.DataNode", "io.sluice.Driver", "com.example.Shop"};

  private static List<Event> logEvents(int from, int n) {
    List<Event> events = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String level = i % 3 == 0 ? "ERROR" : "INFO";
      String line = String.format("2026-11-20 10:%02d:00,000 %s %s: event %d", i % 60, level,
          LOGGERS[i % LOGGERS.length], i);
      events.add(Event.ofLine(line, 1_795_168_800_000L + i * 1000L, 1_795_168_800_000L + i * 1000L));
    }
    return events;
  }

  private static Map<String, Long> expectedErrors(int n) {
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (i % 3 == 0) {
        expected.merge(LOGGERS[i % LOGGERS.length], 1L, Long::sum);
      }
    }
    return expected;
  }

  private void writeEvents(String file, List<Event> events) throws IOException {
    try (DataFileWriter<GenericRecord> writer =
             new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(EventCodec.SCHEMA))) {
      writer.setSyncInterval(1024);
      writer.create(EventCodec.SCHEMA, fs.create(new Path(file), true));
      for (Event event : events) {
        writer.append(EventCodec.toRecord(event));
      }
    }
  }

  private void truncate(Path file, int length) throws IOException {
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = in.readAllBytes();
    }
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes, 0, Math.min(length, bytes.length));
    }
  }
}
