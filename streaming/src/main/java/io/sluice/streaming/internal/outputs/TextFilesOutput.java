package io.sluice.streaming.internal.outputs;

import io.sluice.rdd.Rdd;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import io.sluice.streaming.OutputFn;
import io.sluice.streaming.internal.SerializableConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Each batch as a folder {@code <prefix>-<batchTime>} of {@code part-NNNNN} text files: written into
 * a temporary folder, then renamed into place (replacing a previous run of the same batch).
 */
public final class TextFilesOutput<T> implements OutputFn<T> {
  private final String prefix;
  private final Configuration conf;

  public TextFilesOutput(String prefix, Configuration conf) {
    this.prefix = prefix;
    this.conf = conf;
  }

  @Override
  public void apply(Rdd<T> rdd, long batchTime) throws Exception {
    Path target = new Path(prefix + "-" + batchTime);
    Path temp = new Path(target.getParent(), "_temporary-" + target.getName() + "-" + UUID.randomUUID());
    rdd.writeTo(new TextSink<>(temp.toString(), target.toString(), new SerializableConfiguration(conf)));
  }

  private static final class TextSink<T> implements Sink<T> {
    private final String temp;
    private final String target;
    private final SerializableConfiguration conf;

    TextSink(String temp, String target, SerializableConfiguration conf) {
      this.temp = temp;
      this.target = target;
      this.conf = conf;
    }

    @Override
    public SinkWriter<T> open(TaskContext context) throws IOException {
      Path file = new Path(temp, String.format("part-%05d", context.partition()));
      FileSystem fs = file.getFileSystem(conf.get());
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

    @Override
    public void commitJob() throws IOException {
      Path tempPath = new Path(temp);
      Path targetPath = new Path(target);
      FileSystem fs = targetPath.getFileSystem(conf.get());
      fs.mkdirs(tempPath); // a batch with no partitions still gets its (empty) folder
      fs.delete(targetPath, true);
      if (!fs.rename(tempPath, targetPath)) {
        throw new IOException("could not rename " + tempPath + " to " + targetPath);
      }
    }

    @Override
    public void abortJob(Throwable cause) {
      try {
        Path tempPath = new Path(temp);
        tempPath.getFileSystem(conf.get()).delete(tempPath, true);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
