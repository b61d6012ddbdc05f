package io.sluice.batch;

import io.sluice.batch.internal.AvroEventSource;
import io.sluice.batch.internal.MapReduceEngine;
import io.sluice.batch.internal.ParquetFileSource;
import io.sluice.batch.internal.RunTotals;
import io.sluice.batch.internal.TextFileSource;
import io.sluice.rdd.Engine;
import io.sluice.rdd.Rdd;
import io.sluice.records.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a batch job starts: an {@link Engine} over a Hadoop configuration, and the sources of the
 * batch layer (text files, the streaming archive's Avro event files, Parquet). Every dataset it
 * returns is an ordinary {@link Rdd}, so the shared functions of the speed layer run on it
 * unchanged; write results with {@link ParquetSink}, {@link HBaseSink} or {@link TextSink}.
 *
 * <p><b>Engines.</b> {@link #mapReduce} compiles each action into MapReduce jobs that run on YARN
 * ({@code mapreduce.framework.name=yarn}) or on the local job runner ({@code local}, the Hadoop
 * default); {@link #inProcess} runs the same plans on a thread pool of this JVM, for small inputs
 * and tests. Both read the same sources and write the same sinks.
 *
 * <p><b>Where code runs.</b> This object lives on the client (a {@code BatchMain} process, an Oozie
 * java action, a test). Source methods list their input files here, when called: a glob that
 * matches nothing fails at once with {@link java.io.FileNotFoundException} (wrapped in
 * {@link UncheckedIOException}), files that appear later are not read. Splits are read in tasks.
 * Sources are named {@code text}, {@code archive} and {@code parquet} (counters
 * {@code archive.records} ...); rename one with {@code .named("clicks")} when a job reads several.
 * Thread-safe; close it when done (it closes the engine).
 *
 * <pre>{@code
 * Configuration conf = new Configuration();          // core-site.xml, yarn-site.xml, hbase-site.xml
 * try (BatchContext ctx = BatchContext.mapReduce(conf)) {
 *   Rdd<String> lines = ctx.archive(BatchContext.hours("/sluice/archive", from, to)).map(Event::line);
 *   LogFunctions.errorsPerLogger(lines)
 *       .writeTo(ParquetSink.pairs(ctx.conf(), "/sluice/views/errors-per-logger/2026112010", "logger", "errors"));
 * }
 * }</pre>
 */
public final class BatchContext implements AutoCloseable {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH");

  private final Configuration conf;
  private final Engine engine;

  private BatchContext(Configuration conf, Engine engine) {
    this.conf = conf;
    this.engine = engine;
  }

  /** A context whose actions run as MapReduce jobs, as {@code mapreduce.framework.name} says. */
  public static BatchContext mapReduce(Configuration conf) {
    Configuration copy = new Configuration(Objects.requireNonNull(conf, "conf"));
    return new BatchContext(copy, RunTotals.counting(new MapReduceEngine(copy)));
  }

  /** A context whose actions run on the in-process engine ({@code sluice.engine.threads} threads). */
  public static BatchContext inProcess(Configuration conf) {
    Configuration copy = new Configuration(Objects.requireNonNull(conf, "conf"));
    return new BatchContext(copy, RunTotals.counting(Engine.inProcess(copy::get)));
  }

  /** The engine actions run on. */
  public Engine engine() {
    return engine;
  }

  /** A copy of this context's configuration, e.g. for a sink. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  /**
   * Lines of text files, without line breaks. Patterns are Hadoop paths or globs
   * ({@code /logs/2026/11/20/*.log}, {@code /raw/{a,b}}); a folder means every non-hidden file
   * below it. Compressed files (by extension) are decompressed. One partition per block of an
   * uncompressed file, one per compressed file.
   */
  public Rdd<String> textFile(String... patterns) {
    try {
      return engine.read("text", TextFileSource.of(conf, List.of(patterns)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The events of the streaming archive (Avro container files of {@code Event.avsc}): give hour
   * folders ({@code /sluice/archive/2026/11/20/{10,11}}, see {@link #hours}) or files. Hidden
   * entries such as {@code _SUCCESS} and in-progress {@code .tmp} files are skipped. One partition
   * per file. A truncated or corrupt file fails the job naming the file, or is skipped and counted
   * as {@code <source>.corrupt-files} when {@link BatchConfigKeys#SKIP_CORRUPT_INPUT_KEY} is true.
   */
  public Rdd<Event> archive(String... patterns) {
    try {
      return engine.read("archive",
          AvroEventSource.of(conf, List.of(patterns)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Records of Parquet files, as Avro {@link GenericRecord}s (parquet-avro). One partition per file;
   * corrupt files are handled as for {@link #archive}.
   */
  public Rdd<GenericRecord> parquetFile(String... patterns) {
    try {
      return engine.read("parquet",
          ParquetFileSource.of(conf, List.of(patterns)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A glob over the archive's hour folders {@code <root>/yyyy/MM/dd/HH} (UTC) from {@code from}
   * (inclusive, truncated to the hour) to {@code to} (exclusive), e.g.
   * {@code /sluice/archive/{2026/11/20/10,2026/11/20/11}}.
   */
  public static String hours(String root, Instant from, Instant to) {
    ZonedDateTime hour = from.truncatedTo(ChronoUnit.HOURS).atZone(ZoneOffset.UTC);
    List<String> parts = new ArrayList<>();
    while (hour.toInstant().isBefore(to)) {
      parts.add(HOUR.format(hour));
      hour = hour.plusHours(1);
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no hour in [" + from + ", " + to + ")");
    }
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    if (parts.size() == 1) {
      return base + "/" + parts.get(0);
    }
    // Factor out the folders all hours share: /2026/11/20/{10,11} rather than {2026/11/20/10,...}.
    String common = parts.get(0).substring(0, parts.get(0).lastIndexOf('/') + 1);
    for (String part : parts) {
      while (!part.startsWith(common)) {
        common = common.substring(0, common.lastIndexOf('/', common.length() - 2) + 1);
      }
    }
    List<String> rest = new ArrayList<>();
    for (String part : parts) {
      rest.add(part.substring(common.length()));
    }
    return base + "/" + common + "{" + String.join(",", rest) + "}";
  }

  @Override
  public void close() {
    engine.close();
  }
}
