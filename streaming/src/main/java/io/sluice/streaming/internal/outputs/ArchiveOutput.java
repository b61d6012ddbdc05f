package io.sluice.streaming.internal.outputs;

import io.sluice.rdd.MapFn;
import io.sluice.rdd.Rdd;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import io.sluice.streaming.OutputFn;
import io.sluice.streaming.internal.SerializableConfiguration;
import io.sluice.streaming.StreamingConfigKeys;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master dataset: each batch's events as Avro container files under {@code yyyy/MM/dd/HH/} by
 * ingest hour (UTC), named {@code batch-<batchTime>-<partition>.avro}, written under a temporary
 * name and renamed at job commit (a re-run replaces its own files). After each batch, every hour
 * whose end plus the allowed lateness has passed is closed with a {@code _SUCCESS} file, hours
 * without data included, so the Oozie coordinator never waits for an hour that will not come.
 */
public final class ArchiveOutput<T> implements OutputFn<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveOutput.class);
  static final long HOUR = 3_600_000L;
  private static final DateTimeFormatter HOUR_PATH =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
  /** How far back a new run looks for hours a previous run left open. */
  private static final int LOOK_BACK_HOURS = 48;

  private final String dir;
  private final MapFn<? super T, Event> toEvent;
  private final SerializableConfiguration conf;
  private final long latenessMillis;
  private long nextHourToClose = Long.MIN_VALUE;

  public ArchiveOutput(String dir, MapFn<? super T, Event> toEvent, Configuration conf) {
    this.dir = dir;
    this.toEvent = toEvent;
    this.conf = new SerializableConfiguration(conf);
    this.latenessMillis = conf.getLong(StreamingConfigKeys.ARCHIVE_ALLOWED_LATENESS_MS_KEY,
        StreamingConfigKeys.ARCHIVE_ALLOWED_LATENESS_MS_DEFAULT);
  }

  public static String hourPath(long timeMillis) {
    return HOUR_PATH.format(Instant.ofEpochMilli(timeMillis));
  }

  @Override
  public void apply(Rdd<T> rdd, long batchTime) throws IOException {
    rdd.writeTo(new ArchiveSink<>(dir, toEvent, conf, batchTime, UUID.randomUUID().toString()));
    closeHours(batchTime);
  }

  private void closeHours(long batchTime) throws IOException {
    FileSystem fs = new Path(dir).getFileSystem(conf.get());
    if (nextHourToClose == Long.MIN_VALUE) {
      nextHourToClose = firstOpenHour(fs, batchTime);
    }
    while (nextHourToClose + HOUR + latenessMillis <= batchTime) {
      Path hour = new Path(dir, hourPath(nextHourToClose));
      Path flag = new Path(hour, "_SUCCESS");
      if (!fs.exists(flag)) {
        fs.mkdirs(hour);
        fs.create(flag, true).close();
        LOG.info("Archive hour {} closed", hour);
      }
      nextHourToClose += HOUR;
    }
  }

  /** The oldest hour in the look-back that has data but no flag, else the current batch's hour. */
  private long firstOpenHour(FileSystem fs, long batchTime) throws IOException {
    long current = batchTime - Math.floorMod(batchTime, HOUR);
    long first = current;
    for (long hour = current - LOOK_BACK_HOURS * HOUR; hour < current; hour += HOUR) {
      Path path = new Path(dir, hourPath(hour));
      if (fs.exists(path) && !fs.exists(new Path(path, "_SUCCESS"))) {
        first = hour;
        break;
      }
    }
    return first;
  }

  private static final class ArchiveSink<T> implements Sink<T> {
    private final String dir;
    private final MapFn<? super T, Event> toEvent;
    private final SerializableConfiguration conf;
    private final long batchTime;
    private final String attempt;

    ArchiveSink(String dir, MapFn<? super T, Event> toEvent, SerializableConfiguration conf, long batchTime,
        String attempt) {
      this.dir = dir;
      this.toEvent = toEvent;
      this.conf = conf;
      this.batchTime = batchTime;
      this.attempt = attempt;
    }

    private Path temp(long hour, int partition) {
      return new Path(new Path(dir, hourPath(hour)),
          "_batch-" + batchTime + "-" + partition + "." + attempt + ".tmp");
    }

    @Override
    public SinkWriter<T> open(TaskContext context) throws IOException {
      int partition = context.partition();
      FileSystem fs = new Path(dir).getFileSystem(conf.get());
      Map<Long, DataFileWriter<GenericRecord>> writers = new HashMap<>();
      return new SinkWriter<>() {
        @Override
        @SuppressWarnings("unchecked")
        public void write(T value) throws Exception {
          Event event;
          if (toEvent != null) {
            event = toEvent.apply(value);
          } else if (value instanceof Event e) {
            event = e;
          } else if (value instanceof CharSequence line) {
            event = Event.ofLine(line.toString(), batchTime, batchTime);
          } else {
            throw new IllegalArgumentException("archive() needs events or lines; give a conversion "
                + "for " + value.getClass().getName() + " with archive(dir, toEvent)");
          }
          long ingest = event.ingestTimeMillis() > 0 ? event.ingestTimeMillis() : batchTime;
          long hour = ingest - Math.floorMod(ingest, HOUR);
          DataFileWriter<GenericRecord> writer = writers.get(hour);
          if (writer == null) {
            writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(EventCodec.SCHEMA));
            writer.setCodec(CodecFactory.deflateCodec(1));
            writer.create(EventCodec.SCHEMA, fs.create(temp(hour, partition), true));
            writers.put(hour, writer);
          }
          writer.append(EventCodec.toRecord(event));
        }

        @Override
        public void commit() throws IOException {
          for (DataFileWriter<GenericRecord> writer : writers.values()) {
            writer.close();
          }
        }

        @Override
        public void abort(Throwable cause) {
          for (DataFileWriter<GenericRecord> writer : writers.values()) {
            try {
              writer.close();
            } catch (IOException ignored) {
              // abortJob deletes the temporary files
            }
          }
        }
      };
    }

    /** Publishes every temporary file of this attempt, replacing files of an earlier run. */
    @Override
    public void commitJob() throws IOException {
      FileSystem fs = new Path(dir).getFileSystem(conf.get());
      for (FileStatus temp : tempFiles(fs)) {
        String name = temp.getPath().getName();
        String finalName = name.substring(1, name.indexOf('.' + attempt)) + ".avro";
        Path target = new Path(temp.getPath().getParent(), finalName);
        fs.delete(target, false);
        if (!fs.rename(temp.getPath(), target)) {
          throw new IOException("could not rename " + temp.getPath() + " to " + target);
        }
      }
    }

    @Override
    public void abortJob(Throwable cause) {
      try {
        FileSystem fs = new Path(dir).getFileSystem(conf.get());
        for (FileStatus temp : tempFiles(fs)) {
          fs.delete(temp.getPath(), false);
        }
      } catch (IOException ignored) {
        // best effort; temporary names are hidden from readers
      }
    }

    private FileStatus[] tempFiles(FileSystem fs) throws IOException {
      Path pattern = new Path(dir, "*/*/*/*/_batch-" + batchTime + "-*." + attempt + ".tmp");
      FileStatus[] found = fs.globStatus(pattern);
      return found == null ? new FileStatus[0] : found;
    }
  }
}
