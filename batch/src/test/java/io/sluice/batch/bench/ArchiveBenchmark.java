package io.sluice.batch.bench;

import io.sluice.batch.BatchConfigKeys;
import io.sluice.batch.BatchMain;
import io.sluice.batch.jobs.ErrorsPerLoggerPerMinute;
import io.sluice.functions.LogLine;
import io.sluice.rdd.Pair;
import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import io.sluice.sandbox.LocalCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * End-to-end batch benchmark (a main, not a test): N archived log events (Avro container files of
 * {@code Event}, one hour folder, 8 files) → errors per logger per minute → Parquet + HBase, with
 * MapReduce on the local job runner (2 map slots), against the practical floor: the same input
 * read and the same output written with Avro's and parquet-avro's own readers and writers in one
 * thread (the counting done in a plain HashMap). See bench/README.md for how to run it.
 *
 * <p>Arguments: {@code [events (default 10000000)] [data dir (default /tmp/sluice-batch-bench)]
 * [local|yarn (default local)]}; with {@code yarn} the input is uploaded to the sandbox's HDFS
 * and the job runs in YARN containers.
 */
public final class ArchiveBenchmark {

  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO",
      "INFO", "WARN", "ERROR", "DEBUG"};
  private static final int FILES = 8;

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = Path.of(args.length > 1 ? args[1] : "/tmp/sluice-batch-bench");
    Path archive = dir.resolve("archive/2026/11/20/10");
    if (!Files.exists(archive.resolve("_SUCCESS"))) {
      generate(archive, events);
    }
    long size = 0;
    for (File f : archive.toFile().listFiles((d, n) -> n.endsWith(".avro"))) {
      size += f.length();
    }
    System.out.printf("input: %d events, %d files, %.0f MB%n", events, FILES, size / 1e6);

    long floorStart = System.nanoTime();
    long floorOut = floor(archive, dir.resolve("floor"));
    double floorS = (System.nanoTime() - floorStart) / 1e9;
    System.out.printf("floor (1 thread, Avro read + parquet-avro write): %.1f s, %.2f M events/s,"
        + " %d rows%n", floorS, events / floorS / 1e6, floorOut);

    boolean yarn = args.length > 2 && args[2].equals("yarn");
    Configuration sandbox = new Configuration();
    sandbox.set("sluice.sandbox.yarn.enabled", String.valueOf(yarn));
    try (LocalCluster cluster = LocalCluster.start(sandbox)) {
      TableName table = TableName.valueOf("bench_views");
      cluster.hbaseConnection().getAdmin().createTable(TableDescriptorBuilder.newBuilder(table)
          .setColumnFamily(ColumnFamilyDescriptorBuilder.of(ErrorsPerLoggerPerMinute.FAMILY)).build());
      Configuration conf = cluster.clientConf();
      conf.set("fs.defaultFS", "file:///");
      conf.set("mapreduce.framework.name", "local");
      conf.set(BatchConfigKeys.WORK_DIR_KEY, dir.resolve("work").toString());
      conf.set("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());
      String input = archive.toString();
      String output = dir.resolve("out-" + System.currentTimeMillis()).toString();
      if (yarn) {
        // Input and output on the sandbox's HDFS; containers get this JVM's classpath (sandbox trick).
        org.apache.hadoop.fs.FileSystem fs = cluster.fileSystem();
        long upload = System.nanoTime();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(archive.toUri()),
            new org.apache.hadoop.fs.Path("/bench/archive"));
        System.out.printf("uploaded the input to HDFS in %.1f s%n", (System.nanoTime() - upload) / 1e9);
        conf = cluster.clientConf();
        conf.set("mapreduce.framework.name", "yarn");
        // Absolute entries: containers run in their own working folders.
        StringBuilder classpath = new StringBuilder(cluster.confDir().toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
          classpath.append(',').append(new File(entry).getAbsolutePath());
        }
        conf.set("mapreduce.application.classpath", classpath.toString());
        conf.set("yarn.application.classpath", cluster.confDir().toString());
        conf.setBoolean(BatchConfigKeys.SHIP_CLASSPATH_KEY, false);
        conf.set("mapreduce.jobhistory.address", "");
        conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
        conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m --add-opens java.base/java.lang=ALL-UNNAMED");
        conf.setInt("mapreduce.map.memory.mb", 768);
        conf.set("mapreduce.map.java.opts", "-Xmx512m");
        conf.setInt("mapreduce.reduce.memory.mb", 768);
        conf.set("mapreduce.reduce.java.opts", "-Xmx512m");
        input = "/bench/archive";
        output = "/bench/out";
      }
      long start = System.nanoTime();
      int code = BatchMain.run(conf, new String[] {"--job", ErrorsPerLoggerPerMinute.class.getName(),
          input, output, table.getNameAsString(), "1795172400000"});
      double mrS = (System.nanoTime() - start) / 1e9;
      System.out.printf("MapReduce %s (Parquet + HBase): %.1f s, %.2f M events/s,"
          + " exit %d, %.2f x the floor%n", yarn ? "on the sandbox's YARN" : "local runner", mrS,
          events / mrS / 1e6, code, mrS / floorS);
    }
  }

  private static void generate(Path archive, long events) throws Exception {
    Files.createDirectories(archive);
    Random random = new Random(42);
    long start = System.nanoTime();
    long hour = 1_795_168_800_000L;
    for (int f = 0; f < FILES; f++) {
      long n = events / FILES + (f < events % FILES ? 1 : 0);
      File file = archive.resolve("batch-" + f + ".avro").toFile();
      try (DataFileWriter<GenericRecord> writer =
               new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(EventCodec.SCHEMA))) {
        writer.setCodec(CodecFactory.snappyCodec());
        writer.create(EventCodec.SCHEMA, file);
        for (long i = 0; i < n; i++) {
          long t = hour + random.nextInt(3_600_000);
          String line = String.format("2026-11-20 10:%02d:%02d,%03d %s org.apache.hadoop.component%d.Service%d:"
                  + " request %d from 10.0.%d.%d took %d ms",
              (t / 60_000) % 60, (t / 1000) % 60, t % 1000, LEVELS[random.nextInt(LEVELS.length)],
              random.nextInt(10), random.nextInt(5), i, random.nextInt(256), random.nextInt(256),
              random.nextInt(1000));
          writer.append(EventCodec.toRecord(Event.ofLine(line, t, t + 5)));
        }
      }
    }
    Files.createFile(archive.resolve("_SUCCESS"));
    System.out.printf("generated %d events in %.1f s%n", events, (System.nanoTime() - start) / 1e9);
  }

  /** One thread: decode every event, count errors per (logger, minute), write the rows to Parquet. */
  private static long floor(Path archive, Path out) throws Exception {
    Map<Pair<String, Long>, long[]> counts = new HashMap<>();
    GenericDatumReader<GenericRecord> datum = new GenericDatumReader<>(null, EventCodec.SCHEMA);
    for (File f : archive.toFile().listFiles((d, n) -> n.endsWith(".avro"))) {
      try (DataFileReader<GenericRecord> reader = new DataFileReader<>(f, datum)) {
        GenericRecord reuse = null;
        while (reader.hasNext()) {
          reuse = reader.next(reuse);
          String line = EventCodec.fromRecord(reuse).line();
          if (LogLine.level(line) != null && LogLine.level(line).isError()) {
            LogLine parsed = LogLine.parse(line);
            counts.computeIfAbsent(Pair.of(parsed.logger(),
                Math.floorDiv(parsed.timestampMillis(), 60_000L) * 60_000L), k -> new long[1])[0]++;
          }
        }
      }
    }
    Files.createDirectories(out);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(out.resolve("floor.parquet").toUri());
    try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
        HadoopOutputFile.fromPath(file, new Configuration()))
        .withSchema(ErrorsPerLoggerPerMinute.SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (Map.Entry<Pair<String, Long>, long[]> e : counts.entrySet()) {
        GenericRecord r = new GenericData.Record(ErrorsPerLoggerPerMinute.SCHEMA);
        r.put("logger", e.getKey().key());
        r.put("minute", e.getKey().value());
        r.put("errors", e.getValue()[0]);
        writer.write(r);
      }
    }
    return counts.size();
  }
}
