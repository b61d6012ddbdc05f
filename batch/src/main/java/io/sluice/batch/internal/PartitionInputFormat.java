package io.sluice.batch.internal;

import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.SourceNode;
import io.sluice.rdd.plan.UnionNode;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * One map task per partition of each map-side input of a job: a split is just (input, partition),
 * and the task opens the partition through the plan itself ({@link TaskEvaluator}). Splits carry
 * the hosts a {@link LocatedSource} names, so the scheduler can place tasks next to their blocks.
 * The record reader yields nothing: {@link PlanMapper} overrides {@code run} and pulls from the plan;
 * its progress is what the file sources report through {@link TaskProgress}.
 */
public final class PartitionInputFormat extends InputFormat<NullWritable, NullWritable> {

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    JobSpec spec = JobSpecs.load(context.getConfiguration());
    List<InputSplit> splits = new ArrayList<>();
    for (int input = 0; input < spec.mapInputs(); input++) {
      PlanNode node = spec.mapInput(input);
      int n = spec.partitions(node);
      for (int p = 0; p < n; p++) {
        splits.add(new PartitionSplit(input, p, hosts(spec, node, p)));
      }
    }
    return splits;
  }

  private static String[] hosts(JobSpec spec, PlanNode node, int p) {
    while (true) {
      if (node instanceof SourceNode s) {
        return s.source() instanceof LocatedSource<?> located ? located.hosts(p) : new String[0];
      } else if (node instanceof UnionNode union) {
        int offset = 0;
        PlanNode next = null;
        for (PlanNode parent : union.parents()) {
          int n = spec.partitions(parent);
          if (p < offset + n) {
            next = parent;
            p -= offset;
            break;
          }
          offset += n;
        }
        if (next == null) {
          return new String[0];
        }
        node = next;
      } else if (!node.isShuffle() && node.parents().size() == 1) {
        node = node.parents().get(0);
      } else {
        return new String[0];
      }
    }
  }

  @Override
  public RecordReader<NullWritable, NullWritable> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    PartitionSplit partition = (PartitionSplit) split;
    return new RecordReader<>() {
      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {
      }

      @Override
      public boolean nextKeyValue() {
        return false;
      }

      @Override
      public NullWritable getCurrentKey() {
        return NullWritable.get();
      }

      @Override
      public NullWritable getCurrentValue() {
        return NullWritable.get();
      }

      @Override
      public float getProgress() {
        return partition.progress;
      }

      @Override
      public void close() {
      }
    };
  }

  /** Partition {@code partition} of map-side input {@code input}. */
  public static final class PartitionSplit extends InputSplit implements Writable {
    int input;
    int partition;
    String[] hosts;
    /** Read progress of this task's source, set by {@link TaskProgress}; not serialized. */
    volatile float progress;

    public PartitionSplit() {
      this(0, 0, new String[0]);
    }

    PartitionSplit(int input, int partition, String[] hosts) {
      this.input = input;
      this.partition = partition;
      this.hosts = hosts;
    }

    @Override
    public long getLength() {
      return 0;
    }

    @Override
    public String[] getLocations() {
      return hosts;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(input);
      out.writeInt(partition);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      input = in.readInt();
      partition = in.readInt();
      hosts = new String[0];
    }

    @Override
    public String toString() {
      return "input " + input + " partition " + partition;
    }
  }
}
