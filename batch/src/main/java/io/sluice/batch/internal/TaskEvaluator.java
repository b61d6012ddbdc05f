package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.rdd.Config;
import io.sluice.rdd.Counter;
import io.sluice.rdd.Fn;
import io.sluice.rdd.OperatorException;
import io.sluice.rdd.TaskContext;
import io.sluice.rdd.plan.PartitionChain;
import io.sluice.rdd.plan.PlanNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * The narrow part of a plan inside one map or reduce task: fuses the chain of sources, narrow
 * operators and unions above a partition into nested iterators with the in-process engine's own
 * {@link PartitionChain}, so a function sees the same lifecycle on both engines. A shuffle node
 * below the chain is either this reducer's own grouped input ({@link #reduceInput}) or the
 * intermediate files an earlier job wrote. Counts go to Hadoop counters and to a file per task.
 */
final class TaskEvaluator extends PartitionChain {

  /** Counter groups of Sluice operators start with this; the rest of the name is the operator. */
  static final String GROUP_PREFIX = "sluice:";
  /** Group of counters whose name does not start with their operator's name. */
  static final String USER_GROUP = "sluice";

  private final JobSpec spec;
  private final TaskInputOutputContext<?, ?, ?, ?> hadoop;
  private final Configuration conf;
  private final Config config;
  private final ClassLoader loader;
  private final Map<String, Counter> counters = new HashMap<>();
  // The same counts, kept here too: the driver reads them from a file this task writes on success
  // (see writeCounters), since a finished job's Hadoop counters need a JobHistoryServer on YARN.
  private final Map<String, long[]> totals = new HashMap<>();
  private final Set<Object> used = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Guarded> guards = new ArrayList<>();
  private PlanNode reduceNode;
  private Iterator<Object> reduceInput;

  TaskEvaluator(JobSpec spec, TaskInputOutputContext<?, ?, ?, ?> hadoop, ClassLoader loader) {
    this.spec = spec;
    this.hadoop = hadoop;
    this.conf = hadoop.getConfiguration();
    this.config = conf::get;
    this.loader = loader;
  }

  /** In a reducer: the shuffle node whose output this task's grouped input is. */
  void reduceInput(PlanNode node, Iterator<Object> input) {
    this.reduceNode = node;
    this.reduceInput = input;
  }

  @Override
  protected TaskContext context(String operator, int partition) {
    return new HadoopTaskContext(operator, partition);
  }

  Counter counter(String operator, String name) {
    return counters.computeIfAbsent(name, n -> {
      org.apache.hadoop.mapreduce.Counter c = n.startsWith(operator + ".")
          && n.length() > operator.length() + 1
          ? hadoop.getCounter(GROUP_PREFIX + operator, n.substring(operator.length() + 1))
          : hadoop.getCounter(USER_GROUP, n);
      long[] total = totals.computeIfAbsent(n, k -> new long[1]);
      return delta -> {
        c.increment(delta);
        total[0] += delta;
      };
    });
  }

  /**
   * A private copy of {@code fn}. The task deserialized its own plan, so the first use of a
   * function is already private; a plan that uses one function object twice (a shared sub-plan)
   * gets a fresh copy for the second use, as the in-process engine gives.
   */
  @Override
  @SuppressWarnings("unchecked")
  protected <F extends Fn> F copy(String operator, int partition, F fn) {
    if (used.add(fn)) {
      return fn;
    }
    try {
      return (F) ValueCodec.deserialize(ValueCodec.serialize(fn), loader);
    } catch (Exception e) {
      throw attribute(operator, partition, e);
    }
  }

  @Override
  protected int partitions(PlanNode node) {
    return spec.partitions(node);
  }

  /** This reducer's grouped input, or the intermediate files an earlier job wrote. */
  @Override
  protected Iterator<?> openShuffle(PlanNode node, int p) throws IOException {
    if (node == reduceNode) {
      reduceNode = null;
      return reduceInput;
    }
    String dir = spec.materialized.get(spec.id(node));
    if (dir == null) {
      throw new IllegalStateException("shuffle '" + node.name() + "' was not computed before");
    }
    IntermediateFiles.Reader reader = IntermediateFiles.open(conf, dir, p, loader);
    closeLater(node.name(), p, reader);
    return reader;
  }

  @Override
  protected Iterator<Object> guard(PlanNode node, int p, Iterator<?> out) {
    // A materialized shuffle's output was counted by the reducer that wrote it; count it once.
    boolean counted = !(out instanceof IntermediateFiles.Reader);
    Guarded guarded = new Guarded(out, node.name(), p,
        counted ? counter(node.name(), node.name() + ".records") : delta -> { });
    guards.add(guarded);
    return guarded;
  }

  @Override
  protected RuntimeException attribute(String operator, int partition, Throwable failure) {
    return attributed(operator, partition, failure);
  }

  /** Closes everything opened, newest first; close failures join {@code failure} or are thrown. */
  void close(Throwable failure) {
    // Counts of operators whose output was not read to the end (take) are still pending.
    guards.forEach(Guarded::flush);
    RuntimeException closeFailure = closeAll(failure);
    if (closeFailure != null) {
      throw closeFailure;
    }
  }

  /**
   * Writes this task's counter totals to {@code <run>/counters/<job>-<task id>}: one file per task
   * (not attempt), so a retried task replaces its failed attempt's counts instead of adding to them.
   */
  void writeCounters() throws IOException {
    Map<String, Long> snapshot = new HashMap<>();
    totals.forEach((name, total) -> snapshot.put(name, total[0]));
    Path file = new Path(spec.countersDir(), spec.jobIndex + "-" + hadoop.getTaskAttemptID().getTaskID());
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      out.write(ValueCodec.serialize(snapshot));
    }
  }

  /** Attributes {@code failure} to {@code operator}, unless an upstream operator already claimed it. */
  static RuntimeException attributed(String operator, int partition, Throwable failure) {
    if (failure instanceof OperatorException e) {
      return e;
    }
    return new OperatorException(operator, partition, failure);
  }

  /** Per operator: failures attributed, nulls refused, output counted as {@code <op>.records}. */
  private static final class Guarded implements Iterator<Object> {
    private final Iterator<?> in;
    private final String operator;
    private final int partition;
    private final Counter records;
    // Hadoop counters are synchronized; batch increments and flush every 1024 records and at the end.
    private long pending;

    Guarded(Iterator<?> in, String operator, int partition, Counter records) {
      this.in = in;
      this.operator = operator;
      this.partition = partition;
      this.records = records;
    }

    void flush() {
      if (pending > 0) {
        records.increment(pending);
        pending = 0;
      }
    }

    @Override
    public boolean hasNext() {
      try {
        boolean more = in.hasNext();
        if (!more) {
          flush();
        }
        return more;
      } catch (RuntimeException | LinkageError | AssertionError e) {
        throw attributed(operator, partition, e);
      }
    }

    @Override
    public Object next() {
      Object value;
      try {
        value = in.next();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        throw attributed(operator, partition, e);
      }
      if (value == null) {
        throw attributed(operator, partition,
            new NullPointerException("produced a null element; datasets never hold null"));
      }
      if (++pending == 1024) {
        records.increment(pending);
        pending = 0;
      }
      return value;
    }
  }

  /** What one operator's functions see: this Hadoop task, under the operator's name and partition. */
  private final class HadoopTaskContext implements TaskContext {
    private final String operator;
    private final int partition;

    HadoopTaskContext(String operator, int partition) {
      this.operator = operator;
      this.partition = partition;
    }

    @Override
    public Config config() {
      return config;
    }

    @Override
    public Counter counter(String name) {
      return TaskEvaluator.this.counter(operator, name);
    }

    @Override
    public String operatorName() {
      return operator;
    }

    @Override
    public int partition() {
      return partition;
    }

    @Override
    public String taskId() {
      return hadoop.getTaskAttemptID().toString();
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }
  }
}
