package io.sluice.streaming.internal.outputs;

import io.sluice.rdd.MapFn;
import io.sluice.rdd.SinkWriter;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/** Parquet files of Avro records (parquet-avro), Snappy-compressed; the schema travels as JSON. */
public final class ParquetFormat<T> implements BatchFolderOutput.Format<T> {
  private final String schemaJson;
  private final MapFn<? super T, GenericRecord> toRecord;
  private transient Schema schema;

  public ParquetFormat(Schema schema, MapFn<? super T, GenericRecord> toRecord) {
    this.schemaJson = schema.toString();
    this.toRecord = toRecord;
  }

  @Override
  public String fileName(int partition) {
    return String.format("part-%05d.parquet", partition);
  }

  @Override
  public SinkWriter<T> open(FileSystem fs, Path file, Configuration conf) throws IOException {
    if (schema == null) {
      schema = new Schema.Parser().parse(schemaJson);
    }
    ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
            HadoopOutputFile.fromPath(file, conf))
        .withSchema(schema)
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
    return new SinkWriter<>() {
      @Override
      public void write(T value) throws Exception {
        writer.write(toRecord.apply(value));
      }

      @Override
      public void commit() throws IOException {
        writer.close();
      }

      @Override
      public void abort(Throwable cause) {
        try {
          writer.close();
        } catch (IOException ignored) {
          // the job's abort deletes the temporary folder
        }
      }
    };
  }
}
