package io.sluice.rdd;

/**
 * Where {@link Rdd#writeTo} puts a dataset: a writer per partition, then a job-level commit.
 * The protocol, for one action:
 * <ol>
 *   <li>in each task, {@link #open} returns a writer, which gets every element of the partition
 *       and then {@link SinkWriter#commit()} (or {@link SinkWriter#abort} if the task fails);</li>
 *   <li>on the driver, once every partition committed, {@link #commitJob()}; if any task failed,
 *       {@link #abortJob} instead.</li>
 * </ol>
 * The sink object is serialized to the tasks like any function (see {@link Fn}); open clients in
 * {@link #open}, not in the constructor. Engines may re-run a failed task or a whole job (streaming
 * replays batches after recovery), so make writes idempotent, e.g. keyed by batch time, or written
 * to a temporary place and published in {@link #commitJob()}.
 *
 * <pre>{@code
 * counts.writeTo(new HBaseViewSink(table, batchTime));
 * }</pre>
 */
public interface Sink<T> extends java.io.Serializable {

  /** Opens the writer for the partition given by {@code context.partition()}; runs in the task. */
  SinkWriter<T> open(TaskContext context) throws Exception;

  /** Runs on the driver after every partition's writer committed. */
  default void commitJob() throws Exception {
  }

  /** Runs on the driver when the job failed; best effort, must not throw. */
  default void abortJob(Throwable cause) {
  }
}
