package io.sluice.batch.internal;

import java.io.IOException;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Parquet files read as Avro {@link GenericRecord}s with parquet-avro (the file's own schema, or
 * the Avro schema parquet-avro stored in its footer), one partition per file.
 */
public final class ParquetFileSource extends FileSource<GenericRecord> {

  private static final long serialVersionUID = 1L;

  private ParquetFileSource(Configuration conf, List<Split> splits) {
    super(conf, splits);
  }

  public static ParquetFileSource of(Configuration conf, List<String> patterns) throws IOException {
    return new ParquetFileSource(conf, wholeFiles(conf, patterns));
  }

  @Override
  protected Reader<GenericRecord> open(Split split, Configuration conf) throws IOException {
    ParquetReader<GenericRecord> reader;
    try {
      reader = AvroParquetReader.<GenericRecord>builder(
          HadoopInputFile.fromPath(new Path(split.path()), conf))
          // Generic records always: with a class of the schema's name on the classpath (Event)
          // parquet-avro would otherwise try to build instances of it.
          .withDataModel(GenericData.get())
          .withConf(conf).build();
    } catch (IOException | RuntimeException e) {
      return failing(e);
    }
    return new Reader<>() {
      @Override
      protected GenericRecord read() throws IOException {
        return reader.read();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
