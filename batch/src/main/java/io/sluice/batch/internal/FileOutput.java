package io.sluice.batch.internal;

import io.sluice.rdd.TaskContext;
import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol of the file sinks, the same on every engine: a task writes
 * {@code <dir>/_temporary/<attempt>-<partition><ext>} and on commit renames it to
 * {@code <dir>/part-NNNNN<ext>} (replacing what an earlier attempt or run left, so re-runs are
 * idempotent); the driver's job commit removes {@code _temporary} and writes {@code _SUCCESS}.
 * Readers (including this module's sources) skip {@code _}-prefixed entries.
 */
public final class FileOutput implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FileOutput.class);

  private final SerializableConf conf;
  private final String dir;
  private final String extension;

  public FileOutput(Configuration conf, String dir, String extension) {
    this.conf = new SerializableConf(conf);
    try {
      Path path = new Path(dir);
      this.dir = path.getFileSystem(conf).makeQualified(path).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve output folder " + dir, e);
    }
    this.extension = extension;
  }

  public Configuration conf() {
    return conf.get();
  }

  public String dir() {
    return dir;
  }

  /** Where a task writes before it commits. */
  public Path tempFile(TaskContext context) {
    String attempt = context.taskId().replaceAll("[^A-Za-z0-9_-]", "_");
    return new Path(dir, "_temporary/" + attempt + "-" + context.partition() + extension);
  }

  public Path finalFile(int partition) {
    return new Path(dir, String.format("part-%05d%s", partition, extension));
  }

  public void commitTask(Path temp, int partition) throws IOException {
    Path target = finalFile(partition);
    FileSystem fs = target.getFileSystem(conf.get());
    fs.delete(target, false);
    if (!fs.rename(temp, target)) {
      throw new IOException("could not rename " + temp + " to " + target);
    }
  }

  /**
   * Aborts a task that failed with {@code cause}: closes its {@code writer} (may be null), adding a
   * close failure to {@code cause}, and deletes its temporary file.
   */
  public void abortTask(Path temp, AutoCloseable writer, Throwable cause) {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
    abortTask(temp);
  }

  private void abortTask(Path temp) {
    try {
      temp.getFileSystem(conf.get()).delete(temp, false);
    } catch (IOException e) {
      LOG.warn("Could not delete {}", temp, e);
    }
  }

  public void commitJob() throws IOException {
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem(conf.get());
    fs.mkdirs(root);
    fs.delete(new Path(root, "_temporary"), true);
    fs.create(new Path(root, "_SUCCESS"), true).close();
  }

  public void abortJob() {
    try {
      Path temp = new Path(dir, "_temporary");
      temp.getFileSystem(conf.get()).delete(temp, true);
    } catch (IOException e) {
      LOG.warn("Could not clean {}/_temporary", dir, e);
    }
  }
}
