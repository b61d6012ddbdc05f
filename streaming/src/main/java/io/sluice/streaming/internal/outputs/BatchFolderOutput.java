package io.sluice.streaming.internal.outputs;

import io.sluice.rdd.Rdd;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import io.sluice.streaming.OutputFn;
import io.sluice.streaming.internal.SerializableConfiguration;
import java.io.IOException;
import java.io.Serializable;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Each batch as a folder {@code <prefix>-<batchTime>} of one file per partition, written into a
 * temporary folder and renamed into place at job commit (replacing a previous run of the same
 * batch), so readers never see half a batch and a re-run never duplicates. The file format is a
 * {@link Format}: text lines, Parquet.
 */
public final class BatchFolderOutput<T> implements OutputFn<T> {
  private final String prefix;
  private final Format<T> format;
  private final SerializableConfiguration conf;

  /** Writes one partition's file; made in the task, so it must be serializable. */
  public interface Format<T> extends Serializable {
    /** The file name for a partition, e.g. {@code part-00003.parquet}. */
    String fileName(int partition);

    SinkWriter<T> open(FileSystem fs, Path file, Configuration conf) throws IOException;
  }

  public BatchFolderOutput(String prefix, Format<T> format, Configuration conf) {
    this.prefix = prefix;
    this.format = format;
    this.conf = new SerializableConfiguration(conf);
  }

  @Override
  public void apply(Rdd<T> rdd, long batchTime) {
    Path target = new Path(prefix + "-" + batchTime);
    Path temp = new Path(target.getParent(), "_temporary-" + target.getName() + "-" + UUID.randomUUID());
    rdd.writeTo(new FolderSink<>(temp.toString(), target.toString(), format, conf));
  }

  private static final class FolderSink<T> implements Sink<T> {
    private final String temp;
    private final String target;
    private final Format<T> format;
    private final SerializableConfiguration conf;

    FolderSink(String temp, String target, Format<T> format, SerializableConfiguration conf) {
      this.temp = temp;
      this.target = target;
      this.format = format;
      this.conf = conf;
    }

    @Override
    public SinkWriter<T> open(TaskContext context) throws IOException {
      Path file = new Path(temp, format.fileName(context.partition()));
      return format.open(file.getFileSystem(conf.get()), file, conf.get());
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
        // best effort: temporary folders are hidden from readers
      }
    }
  }
}
