package io.sluice.batch;

import io.sluice.batch.internal.AvroSchemas;
import io.sluice.batch.internal.FileOutput;
import io.sluice.rdd.Counter;
import io.sluice.rdd.MapFn;
import io.sluice.rdd.Pair;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Writes a dataset as Parquet files with parquet-avro: one {@code part-NNNNN.parquet} per
 * partition in a folder, plus {@code _SUCCESS} once every partition committed. Readable by Hive,
 * Spark, Impala and {@link BatchContext#parquetFile}.
 *
 * <p><b>Schema.</b> Given ({@link #of}, {@link #records(Configuration, String, Schema)}) or derived
 * from the first element of each partition: {@link #records(Configuration, String)} uses an Avro
 * record's own schema; {@link #pairs} makes a record {@code {keyField, valueField}} from a
 * {@link Pair} of strings, numbers, booleans, byte arrays, Avro records or nested pairs (the value
 * nullable). An empty partition writes no file.
 *
 * <p><b>Where code runs.</b> Built on the client; serialized into every task with the client's
 * configuration; each task writes {@code _temporary/<attempt>-<partition>.parquet} and renames it
 * on commit (a re-run replaces the files, never duplicates them); {@code commitJob} runs on the
 * client. A writer is used from its task's thread only.
 *
 * <pre>{@code
 * LogFunctions.errorsPerLogger(ctx.archive(hour).map(Event::line))
 *     .writeTo(ParquetSink.pairs(ctx.conf(), "/sluice/views/errors/2026/11/20/10", "logger", "errors"));
 * }</pre>
 */
public final class ParquetSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private final FileOutput output;
  private final String schemaJson;
  private final MapFn<? super T, ? extends GenericRecord> toRecord;
  private final String keyField;
  private final String valueField;
  private final CompressionCodecName compression;

  private ParquetSink(FileOutput output, Schema schema, MapFn<? super T, ? extends GenericRecord> toRecord,
      String keyField, String valueField, CompressionCodecName compression) {
    this.output = output;
    this.schemaJson = schema == null ? null : schema.toString();
    this.toRecord = toRecord;
    this.keyField = keyField;
    this.valueField = valueField;
    this.compression = compression;
  }

  /** Elements turned into records of {@code schema} by {@code toRecord} (runs in the tasks). */
  public static <T> ParquetSink<T> of(Configuration conf, String dir, Schema schema,
      MapFn<? super T, ? extends GenericRecord> toRecord) {
    return new ParquetSink<>(new FileOutput(conf, dir, ".parquet"),
        Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(toRecord, "toRecord"),
        null, null, CompressionCodecName.SNAPPY);
  }

  /** Avro records of {@code schema}. */
  public static <R extends GenericRecord> ParquetSink<R> records(Configuration conf, String dir, Schema schema) {
    return new ParquetSink<>(new FileOutput(conf, dir, ".parquet"),
        Objects.requireNonNull(schema, "schema"), null, null, null, CompressionCodecName.SNAPPY);
  }

  /** Avro records, with the schema of each partition's first record. */
  public static <R extends GenericRecord> ParquetSink<R> records(Configuration conf, String dir) {
    return new ParquetSink<>(new FileOutput(conf, dir, ".parquet"), null, null, null, null,
        CompressionCodecName.SNAPPY);
  }

  /** Pairs as records {@code {keyField, valueField}}, schema derived (see the class doc). */
  public static <K, V> ParquetSink<Pair<K, V>> pairs(Configuration conf, String dir,
      String keyField, String valueField) {
    return new ParquetSink<>(new FileOutput(conf, dir, ".parquet"), null, null,
        Objects.requireNonNull(keyField, "keyField"), Objects.requireNonNull(valueField, "valueField"),
        CompressionCodecName.SNAPPY);
  }

  /** The same sink with another compression codec (default SNAPPY). */
  public ParquetSink<T> withCompression(CompressionCodecName codec) {
    return new ParquetSink<>(output, schemaJson == null ? null : new Schema.Parser().parse(schemaJson),
        toRecord, keyField, valueField, Objects.requireNonNull(codec, "codec"));
  }

  /** The folder written to, fully qualified. */
  public String dir() {
    return output.dir();
  }

  @Override
  public SinkWriter<T> open(TaskContext context) throws Exception {
    if (toRecord != null) {
      toRecord.open(context);
    }
    Counter written = context.counter(context.operatorName() + ".parquet-records");
    Path temp = output.tempFile(context);
    int partition = context.partition();
    return new SinkWriter<>() {
      private ParquetWriter<GenericRecord> writer;

      @Override
      @SuppressWarnings("unchecked")
      public void write(T value) throws Exception {
        GenericRecord record;
        if (toRecord != null) {
          record = toRecord.apply(value);
        } else if (keyField != null) {
          Pair<?, ?> pair = (Pair<?, ?>) value;
          if (writer == null) {
            open(AvroSchemas.ofPair(pair, keyField, valueField, "Pair"));
          }
          record = AvroSchemas.toRecord(pair, writer == null ? null : schema);
        } else {
          record = (GenericRecord) value;
        }
        if (writer == null) {
          open(schemaJson != null ? new Schema.Parser().parse(schemaJson)
              : ((IndexedRecord) record).getSchema());
        }
        writer.write(record);
        written.increment();
      }

      private Schema schema;

      private void open(Schema s) throws java.io.IOException {
        schema = s;
        writer = AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(temp, output.conf()))
            .withSchema(s)
            .withConf(output.conf())
            .withCompressionCodec(compression)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
      }

      @Override
      public void commit() throws Exception {
        try {
          if (writer != null) {
            writer.close();
            output.commitTask(temp, partition);
          }
        } finally {
          if (toRecord != null) {
            toRecord.close();
          }
        }
      }

      @Override
      public void abort(Throwable cause) {
        output.abortTask(temp, writer, cause);
      }
    };
  }

  @Override
  public void commitJob() throws Exception {
    output.commitJob();
  }

  @Override
  public void abortJob(Throwable cause) {
    output.abortJob();
  }
}
