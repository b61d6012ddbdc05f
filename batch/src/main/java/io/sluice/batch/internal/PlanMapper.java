package io.sluice.batch.internal;

import io.sluice.rdd.plan.Partitioning;
import io.sluice.records.ValueCodec;
import io.sluice.batch.BatchConfigKeys;
import io.sluice.rdd.Counter;
import io.sluice.rdd.Pair;
import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.Combiner;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * The map task of every Sluice job. Opens its split's partition through the plan (sources and the
 * fused narrow chain, see {@link TaskEvaluator}) and then either
 * <ul>
 *   <li>runs the action on it (a map-only job) and writes the partition result, or</li>
 *   <li>feeds the job's shuffle: for a {@code reduceByKey}-like shuffle whose combiner shrinks data
 *       it combines in memory per key (up to {@link BatchConfigKeys#COMBINE_MAX_KEYS_KEY} keys,
 *       then flushes), so only combined values cross the shuffle; for {@code groupByKey} and sorts
 *       every value moves as is; for a cogroup every value is tagged with its parent's index.</li>
 * </ul>
 * Overrides {@code run}: the split has no records of its own, the plan is the reader.
 */
public final class PlanMapper extends Mapper<NullWritable, NullWritable, Writable, Writable> {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    JobSpec spec = JobSpecs.load(context.getConfiguration());
    PartitionInputFormat.PartitionSplit split =
        (PartitionInputFormat.PartitionSplit) context.getInputSplit();
    TaskEvaluator eval = new TaskEvaluator(spec, context, JobSpecs.loader(context.getConfiguration()));
    Throwable failure = null;
    TaskProgress.bind(split, () -> {
      try {
        context.nextKeyValue(); // yields nothing; makes MapTask copy the reader's progress
      } catch (IOException e) {
        // progress is best effort
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      PlanNode input = spec.mapInput(split.input);
      Iterator<Object> elements = eval.open(input, split.partition);
      if (spec.mapOnly()) {
        Object result = ActionRunner.run(spec, eval, elements, split.partition);
        ActionRunner.write(context, split.partition, result);
      } else {
        shuffle(spec, eval, split, elements, context);
      }
    } catch (Throwable t) {
      failure = t;
      TaskFailures.record(context, spec, t);
      throw TaskFailures.rethrow(t);
    } finally {
      TaskProgress.unbind();
      try {
        eval.close(failure);
      } catch (RuntimeException e) {
        TaskFailures.record(context, spec, e);
        throw e;
      }
    }
    eval.writeCounters();
  }

  @SuppressWarnings("unchecked")
  private static void shuffle(JobSpec spec, TaskEvaluator eval,
      PartitionInputFormat.PartitionSplit split, Iterator<Object> elements, Context context)
      throws IOException, InterruptedException {
    PlanNode node = spec.shuffleNode();
    int partitions = spec.reducers();
    ValueCodec codec = new ValueCodec(JobSpecs.loader(context.getConfiguration()));
    BytesWritable key = new BytesWritable();
    BytesWritable value = new BytesWritable();
    if (node instanceof ShuffleNode shuffle && shuffle.combiner().mapSide()) {
      Combiner<Object, Object> combiner = eval.open(node.name(), split.partition,
          (Combiner<Object, Object>) shuffle.combiner());
      int maxKeys = context.getConfiguration().getInt(BatchConfigKeys.COMBINE_MAX_KEYS_KEY,
          BatchConfigKeys.COMBINE_MAX_KEYS_DEFAULT);
      Counter flushes = eval.counter(node.name(), node.name() + ".combine-flushes");
      Map<Object, Object[]> combined = new LinkedHashMap<>();
      try {
        while (elements.hasNext()) {
          Pair<Object, Object> pair = (Pair<Object, Object>) elements.next();
          Object[] slot = combined.get(pair.key());
          if (slot == null) {
            combined.put(pair.key(), new Object[] {combiner.create(pair.value())});
            if (combined.size() >= maxKeys) {
              flushes.increment();
              flush(combined, partitions, codec, key, value, context);
            }
          } else {
            slot[0] = combiner.add(slot[0], pair.value());
          }
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw TaskEvaluator.attributed(node.name(), split.partition, e);
      }
      flush(combined, partitions, codec, key, value, context);
      return;
    }
    int tag = node instanceof CoGroupNode ? split.input : -1;
    while (elements.hasNext()) {
      Pair<Object, Object> pair = (Pair<Object, Object>) elements.next();
      int partition = Partitioning.partition(pair.key(), partitions);
      byte[] k = codec.encodeShared(pair.key());
      ShuffleKeys.set(key, partition, k, codec.length());
      byte[] v = codec.encodeShared(pair.value());
      int length = codec.length();
      if (tag >= 0) {
        value.setSize(length + 1);
        value.getBytes()[0] = (byte) tag;
        System.arraycopy(v, 0, value.getBytes(), 1, length);
      } else {
        value.set(v, 0, length);
      }
      context.write(key, value);
    }
  }

  private static void flush(Map<Object, Object[]> combined, int partitions, ValueCodec codec,
      BytesWritable key, BytesWritable value, Context context)
      throws IOException, InterruptedException {
    for (Map.Entry<Object, Object[]> e : combined.entrySet()) {
      int partition = Partitioning.partition(e.getKey(), partitions);
      byte[] k = codec.encodeShared(e.getKey());
      ShuffleKeys.set(key, partition, k, codec.length());
      byte[] v = codec.encodeShared(e.getValue()[0]);
      value.set(v, 0, codec.length());
      context.write(key, value);
    }
    combined.clear();
  }
}
