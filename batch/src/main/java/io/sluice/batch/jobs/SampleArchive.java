package io.sluice.batch.jobs;

import io.sluice.batch.BatchContext;
import io.sluice.batch.BatchJob;
import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one closed hour of made-up log events in the streaming archive's layout
 * ({@code <root>/yyyy/MM/dd/HH/sample-N.avro} plus {@code _SUCCESS}), for trying the batch layer
 * and its Oozie coordinator without running the speed layer. Runs on the client only.
 *
 * <p>Arguments: {@code <archive root> <hour, e.g. 2026-11-20T10:00:00Z> [events (default 100000)]}.
 *
 * <pre>{@code
 * BatchMain --job io.sluice.batch.jobs.SampleArchive /sluice/archive 2026-11-20T10:00:00Z 100000
 * }</pre>
 */
public final class SampleArchive implements BatchJob {

  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};
  private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH");
  private static final DateTimeFormatter LINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  @Override
  public int run(BatchContext ctx, String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("expected <archive root> <hour> [events]");
    }
    Instant hour = Instant.parse(args[1]).truncatedTo(ChronoUnit.HOURS);
    long events = args.length > 2 ? Long.parseLong(args[2]) : 100_000L;
    Path dir = new Path(args[0], FOLDER.format(hour.atZone(ZoneOffset.UTC)));
    FileSystem fs = dir.getFileSystem(ctx.conf());
    Random random = new Random(hour.toEpochMilli());
    int files = 4;
    for (int f = 0; f < files; f++) {
      try (DataFileWriter<GenericRecord> writer =
               new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(EventCodec.SCHEMA))) {
        writer.setCodec(CodecFactory.snappyCodec());
        writer.create(EventCodec.SCHEMA, fs.create(new Path(dir, "sample-" + f + ".avro"), true));
        for (long i = f; i < events; i += files) {
          long t = hour.toEpochMilli() + random.nextInt(3_600_000);
          String line = LINE_TIME.format(Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC)) + " "
              + LEVELS[random.nextInt(LEVELS.length)] + " org.example.Service" + random.nextInt(8)
              + ": request " + i + " took " + random.nextInt(1000) + " ms";
          writer.append(EventCodec.toRecord(Event.ofLine(line, t, t + 10)));
        }
      }
    }
    fs.create(new Path(dir, "_SUCCESS"), true).close();
    System.out.println("wrote " + events + " events to " + fs.makeQualified(dir));
    return 0;
  }
}
