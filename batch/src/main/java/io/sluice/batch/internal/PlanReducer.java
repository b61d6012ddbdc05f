package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.rdd.Pair;
import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.Combiner;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import io.sluice.rdd.plan.SortNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The reduce task of every Sluice job: turns MapReduce's sorted, grouped input back into the
 * shuffle node's output pairs (merged combined values; per-parent value lists for a cogroup; one
 * pair per value for a sort) and then either writes them to the intermediate files a later job
 * reads, or runs the narrow chain above the shuffle and the action right here (the chain is fused
 * into the reducer; see {@link JobPlanner}).
 */
public final class PlanReducer extends Reducer<BytesWritable, BytesWritable, Writable, Writable> {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    JobSpec spec = JobSpecs.load(context.getConfiguration());
    int partition = context.getTaskAttemptID().getTaskID().getId();
    ClassLoader loader = JobSpecs.loader(context.getConfiguration());
    TaskEvaluator eval = new TaskEvaluator(spec, context, loader);
    Throwable failure = null;
    try {
      PlanNode node = spec.shuffleNode();
      eval.reduceInput(node, new Grouped(context, node, eval, partition, new ValueCodec(loader)));
      if (spec.action != null) {
        Iterator<Object> elements = eval.open(spec.nodes.get(spec.top), partition);
        ActionRunner.write(context, partition, ActionRunner.run(spec, eval, elements, partition));
      } else {
        Iterator<Object> pairs = eval.open(node, partition);
        ValueCodec codec = new ValueCodec(loader);
        BytesWritable key = new BytesWritable();
        while (pairs.hasNext()) {
          byte[] bytes = codec.encodeShared(pairs.next());
          key.set(bytes, 0, codec.length());
          context.write(key, NullWritable.get());
        }
      }
    } catch (Throwable t) {
      failure = t;
      TaskFailures.record(context, spec, t);
      throw TaskFailures.rethrow(t);
    } finally {
      try {
        eval.close(failure);
      } catch (RuntimeException e) {
        TaskFailures.record(context, spec, e);
        throw e;
      }
    }
    eval.writeCounters();
  }

  /** The shuffle node's output for this reducer, built lazily key by key. */
  private static final class Grouped implements Iterator<Object> {
    private final Context context;
    private final PlanNode node;
    private final ValueCodec codec;
    private final Combiner<Object, Object> combiner;
    private final boolean combined;
    private final int parents;
    private Object next;
    private Iterator<BytesWritable> sortValues;
    private boolean done;

    @SuppressWarnings("unchecked")
    Grouped(Context context, PlanNode node, TaskEvaluator eval, int partition, ValueCodec codec) {
      this.context = context;
      this.node = node;
      this.codec = codec;
      if (node instanceof ShuffleNode shuffle) {
        this.combiner = eval.open(node.name(), partition, (Combiner<Object, Object>) shuffle.combiner());
        this.combined = shuffle.combiner().mapSide();
      } else {
        this.combiner = null;
        this.combined = false;
      }
      this.parents = node.parents().size();
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      try {
        next = advance();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the shuffle", e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw TaskEvaluator.attributed(node.name(), -1, e);
      }
      done = next == null;
      return !done;
    }

    @Override
    public Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object out = next;
      next = null;
      return out;
    }

    private Object key() throws IOException, InterruptedException {
      BytesWritable key = context.getCurrentKey();
      return codec.decode(key.getBytes(), ShuffleKeys.PREFIX, key.getLength() - ShuffleKeys.PREFIX);
    }

    private Object value(BytesWritable value, int skip) {
      return codec.decode(value.getBytes(), skip, value.getLength() - skip);
    }

    private Object advance() throws Exception {
      if (node instanceof SortNode) {
        // One pair per value; Hadoop updates the current key as the values advance.
        while (sortValues == null || !sortValues.hasNext()) {
          if (!context.nextKey()) {
            return null;
          }
          sortValues = context.getValues().iterator();
        }
        BytesWritable value = sortValues.next();
        return Pair.of(key(), value(value, 0));
      }
      if (!context.nextKey()) {
        return null;
      }
      Object key = key();
      if (node instanceof CoGroupNode) {
        List<List<Object>> groups = new ArrayList<>(parents);
        for (int i = 0; i < parents; i++) {
          groups.add(new ArrayList<>(2));
        }
        for (BytesWritable value : context.getValues()) {
          groups.get(value.getBytes()[0]).add(value(value, 1));
        }
        groups.replaceAll(Collections::unmodifiableList);
        return Pair.of(key, Collections.unmodifiableList(groups));
      }
      Object acc = null;
      boolean first = true;
      for (BytesWritable value : context.getValues()) {
        Object v = value(value, 0);
        if (combined) {
          acc = first ? v : combiner.merge(acc, v);
        } else {
          acc = first ? combiner.create(v) : combiner.add(acc, v);
        }
        first = false;
      }
      return Pair.of(key, acc);
    }
  }
}
