package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a task's failure back to the driver intact. MapReduce only reports a failed task's stack
 * trace as text (and the local runner not even that), so each failing task writes its exception,
 * Java-serialized, to {@code <run>/failures/<attempt id>}; the driver rethrows the first one: an
 * {@link io.sluice.rdd.OperatorException} naming the operator and partition, with the user's cause.
 */
final class TaskFailures {

  private static final Logger LOG = LoggerFactory.getLogger(TaskFailures.class);

  private TaskFailures() {
  }

  static void record(TaskAttemptContext context, JobSpec spec, Throwable failure) {
    if (spec == null || spec.failuresDir == null) {
      return;
    }
    byte[] bytes;
    try {
      bytes = ValueCodec.serialize(failure);
    } catch (RuntimeException e) {
      // The user's exception (or its cause chain) is not serializable: keep its text.
      StringWriter text = new StringWriter();
      failure.printStackTrace(new PrintWriter(text));
      bytes = ValueCodec.serialize(new RemoteTaskException(failure.toString(), text.toString()));
    }
    Path file = new Path(spec.failuresDir, context.getTaskAttemptID().toString());
    try {
      FileSystem fs = file.getFileSystem(context.getConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOG.warn("Could not record the failure of {} for the driver", context.getTaskAttemptID(), e);
    }
  }

  static IOException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof IOException io) {
      return io;
    }
    return new IOException(t);
  }

  /** A task failure whose exception could not be serialized, as text. */
  static final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RemoteTaskException(String message, String stackTrace) {
      super(message + "\n(remote stack trace)\n" + stackTrace);
    }
  }
}
