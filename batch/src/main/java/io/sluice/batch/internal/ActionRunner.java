package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.rdd.Action;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Runs the action's per-partition part in the task that computes the last stage and writes its
 * result (Java-serialized, one record per partition) to the job's output, where the driver reads
 * all of them back in partition order for {@link Action#merge}.
 */
final class ActionRunner {

  private ActionRunner() {
  }

  @SuppressWarnings("unchecked")
  static Object run(JobSpec spec, TaskEvaluator eval, Iterator<Object> elements, int partition) {
    Action<Object, Object, Object> action = (Action<Object, Object, Object>) spec.action;
    try {
      return action.partition(eval.context(action.name(), partition), elements);
    } catch (Exception | LinkageError | AssertionError e) {
      throw TaskEvaluator.attributed(action.name(), partition, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static void write(TaskInputOutputContext context, int partition, Object result)
      throws IOException, InterruptedException {
    byte[] bytes;
    try {
      bytes = ValueCodec.serialize(result);
    } catch (RuntimeException e) {
      throw new IOException("the action's result for partition " + partition
          + " is not serializable: " + e.getMessage(), e);
    }
    context.write(new IntWritable(partition), new BytesWritable(bytes));
  }
}
