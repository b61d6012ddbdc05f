package io.sluice.streaming.internal.outputs;

import io.sluice.rdd.SinkWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** One line per element, its {@code toString()} in UTF-8. */
public final class TextFormat<T> implements BatchFolderOutput.Format<T> {
  @Override
  public String fileName(int partition) {
    return String.format("part-%05d", partition);
  }

  @Override
  public SinkWriter<T> open(FileSystem fs, Path file, Configuration conf) throws IOException {
    OutputStream out = fs.create(file, true);
    return new SinkWriter<>() {
      @Override
      public void write(T value) throws IOException {
        out.write(value.toString().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }

      @Override
      public void commit() throws IOException {
        out.close();
      }

      @Override
      public void abort(Throwable cause) {
        try {
          out.close();
        } catch (IOException ignored) {
          // the job's abort deletes the temporary folder
        }
      }
    };
  }
}
