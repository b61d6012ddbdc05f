package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.rdd.plan.Combiner;
import io.sluice.rdd.plan.ShuffleNode;
import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The Hadoop combiner of a shuffle whose {@link Combiner#mapSide()} is true: merges the combined
 * values of a key found in one spill (the map task already combines in memory up to a key limit;
 * this catches keys that were flushed more than once). Uses only the associative {@code merge}.
 */
public final class PlanCombiner extends Reducer<BytesWritable, BytesWritable, BytesWritable, BytesWritable> {

  @Override
  @SuppressWarnings("unchecked")
  public void run(Context context) throws IOException, InterruptedException {
    JobSpec spec = JobSpecs.load(context.getConfiguration());
    ShuffleNode node = (ShuffleNode) spec.shuffleNode();
    ValueCodec codec = new ValueCodec(JobSpecs.loader(context.getConfiguration()));
    TaskEvaluator eval = new TaskEvaluator(spec, context, JobSpecs.loader(context.getConfiguration()));
    Throwable failure = null;
    try {
      Combiner<Object, Object> combiner = eval.open(node.name(), -1,
          (Combiner<Object, Object>) node.combiner());
      BytesWritable out = new BytesWritable();
      while (context.nextKey()) {
        Object acc = null;
        boolean first = true;
        for (BytesWritable value : context.getValues()) {
          Object v = codec.decode(value.getBytes(), 0, value.getLength());
          acc = first ? v : combiner.merge(acc, v);
          first = false;
        }
        byte[] bytes = codec.encodeShared(acc);
        out.set(bytes, 0, codec.length());
        context.write(context.getCurrentKey(), out);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      failure = e;
      throw e;
    } catch (Exception e) {
      failure = e;
      throw TaskEvaluator.attributed(node.name(), -1, e);
    } finally {
      eval.close(failure);
    }
  }
}
