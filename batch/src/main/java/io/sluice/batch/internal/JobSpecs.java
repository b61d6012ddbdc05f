package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Ships a {@link JobSpec} to tasks: the driver writes it, Java-serialized, into the run's work
 * folder and names the file in the job's configuration; every task reads and deserializes its own
 * copy (its own function objects, as the {@code Fn} lifecycle requires). A file rather than a
 * configuration value because plans with captured lookup tables can be large, and job.xml is
 * parsed by every daemon that touches the job.
 */
final class JobSpecs {

  /** Configuration key naming the spec file of a job. */
  static final String SPEC_PATH_KEY = "sluice.batch.internal.spec.path";

  private JobSpecs() {
  }

  static void write(Configuration conf, Path file, byte[] serialized) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, true)) {
      out.write(serialized);
    }
    conf.set(SPEC_PATH_KEY, file.toString());
  }

  static JobSpec load(Configuration conf) throws IOException {
    String name = conf.get(SPEC_PATH_KEY);
    if (name == null) {
      throw new IOException(SPEC_PATH_KEY + " is not set: not a Sluice job");
    }
    Path file = new Path(name);
    byte[] bytes;
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      bytes = in.readAllBytes();
    }
    ClassLoader loader = loader(conf);
    try {
      return (JobSpec) ValueCodec.deserialize(bytes, loader);
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot load a class of the plan in " + file + " (is the job's code on"
          + " the task classpath?): " + e.getMessage(), e);
    }
  }

  static ClassLoader loader(Configuration conf) {
    ClassLoader loader = conf.getClassLoader();
    return loader != null ? loader : Thread.currentThread().getContextClassLoader();
  }
}
