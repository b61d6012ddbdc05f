package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;

/**
 * The output of a shuffle that a later job reads: one SequenceFile per reduce partition
 * ({@code part-r-NNNNN}, written through {@code SequenceFileOutputFormat}), each record a
 * {@link ValueCodec}-encoded {@link io.sluice.rdd.Pair} as key and no value. Block-compressed
 * when the job's output compression says so; deleted with the run's work folder.
 */
final class IntermediateFiles {

  private IntermediateFiles() {
  }

  static Path partFile(String dir, int partition) {
    return new Path(dir, String.format("part-r-%05d", partition));
  }

  static Reader open(Configuration conf, String dir, int partition, ClassLoader loader)
      throws IOException {
    Path file = partFile(dir, partition);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return new Reader(null, loader);
    }
    return new Reader(new SequenceFile.Reader(conf, SequenceFile.Reader.file(file)), loader);
  }

  /** Streams one partition's pairs; closed by the task. */
  static final class Reader implements Iterator<Object>, AutoCloseable {
    private final SequenceFile.Reader reader;
    private final ValueCodec codec;
    private final BytesWritable key = new BytesWritable();
    private boolean ready;
    private boolean done;

    Reader(SequenceFile.Reader reader, ClassLoader loader) {
      this.reader = reader;
      this.codec = new ValueCodec(loader);
      this.done = reader == null;
    }

    @Override
    public boolean hasNext() {
      if (!ready && !done) {
        try {
          done = !reader.next(key, NullWritable.get());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read intermediate file " + reader, e);
        }
        ready = !done;
      }
      return ready;
    }

    @Override
    public Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ready = false;
      return codec.decode(key.getBytes(), 0, key.getLength());
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
