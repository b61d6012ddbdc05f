package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.rdd.Config;
import io.sluice.rdd.Counter;
import io.sluice.rdd.Fn;
import io.sluice.rdd.OperatorException;
import io.sluice.rdd.PartitionFn;
import io.sluice.rdd.TaskContext;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.SourceNode;
import io.sluice.rdd.plan.UnionNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
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
 * operators and unions above a partition into nested iterators, exactly as the in-process engine
 * does, so a function sees the same lifecycle on both engines. A shuffle node below the chain is
 * either this reducer's own grouped input ({@link #reduceInput}) or the intermediate files an
 * earlier job wrote. Owns everything it opened and closes it newest first.
 */
final class TaskEvaluator {

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
  private final Deque<Opened> opened = new ArrayDeque<>();
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

  TaskContext context(String operator, int partition) {
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
   * An opened private copy of {@code fn}. The task deserialized its own plan, so the first use of a
   * function is already private; a plan that uses one function object twice (a shared sub-plan)
   * gets a fresh copy for the second use, as the in-process engine gives.
   */
  @SuppressWarnings("unchecked")
  <F extends Fn> F open(String operator, int partition, F fn) {
    F copy = fn;
    if (!used.add(fn)) {
      try {
        copy = (F) ValueCodec.deserialize(ValueCodec.serialize(fn), loader);
      } catch (Exception e) {
        throw attribute(operator, partition, e);
      }
    }
    opened.push(new Opened(operator, partition, copy::close));
    try {
      copy.open(context(operator, partition));
    } catch (Exception | LinkageError | AssertionError e) {
      throw attribute(operator, partition, e);
    }
    return copy;
  }

  /** The elements of partition {@code p} of {@code node}, streamed. */
  @SuppressWarnings("unchecked")
  Iterator<Object> open(PlanNode node, int p) {
    if (node instanceof UnionNode union) {
      int offset = 0;
      for (PlanNode parent : union.parents()) {
        int n = spec.partitions(parent);
        if (p < offset + n) {
          return open(parent, p - offset);
        }
        offset += n;
      }
      throw new IllegalStateException("partition " + p + " is out of range for " + union.name());
    }
    Iterator<?> out;
    // A materialized shuffle's output was counted by the reducer that wrote it; count it once.
    boolean counted = true;
    try {
      if (node instanceof SourceNode source) {
        out = source.source().open(p, context(source.name(), p));
        if (out instanceof AutoCloseable closeable) {
          opened.push(new Opened(source.name(), p, closeable));
        }
      } else if (node instanceof NarrowNode narrow) {
        Iterator<Object> in = open(narrow.parent(), p);
        PartitionFn<Object, Object> fn =
            open(narrow.name(), p, (PartitionFn<Object, Object>) narrow.fn());
        out = fn.apply(in);
      } else if (node == reduceNode) {
        out = reduceInput;
        reduceNode = null;
      } else {
        String dir = spec.materialized.get(spec.id(node));
        if (dir == null) {
          throw new IllegalStateException("shuffle '" + node.name() + "' was not computed before");
        }
        IntermediateFiles.Reader reader = IntermediateFiles.open(conf, dir, p, loader);
        opened.push(new Opened(node.name(), p, reader));
        out = reader;
        counted = false;
      }
    } catch (Exception | LinkageError | AssertionError e) {
      throw attribute(node.name(), p, e);
    }
    if (out == null) {
      throw attribute(node.name(), p, new NullPointerException("returned no iterator"));
    }
    Guarded guarded = new Guarded(out, node.name(), p,
        counted ? counter(node.name(), node.name() + ".records") : delta -> { });
    guards.add(guarded);
    return guarded;
  }

  /** Closes everything opened, newest first; close failures join {@code failure} or are thrown. */
  void close(Throwable failure) {
    // Counts of operators whose output was not read to the end (take) are still pending.
    guards.forEach(Guarded::flush);
    RuntimeException closeFailure = null;
    while (!opened.isEmpty()) {
      Opened o = opened.pop();
      try {
        o.resource.close();
      } catch (Exception | LinkageError | AssertionError e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (closeFailure == null) {
          closeFailure = attribute(o.operator, o.partition, e);
        } else {
          closeFailure.addSuppressed(e);
        }
      }
    }
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
  static RuntimeException attribute(String operator, int partition, Throwable failure) {
    if (failure instanceof OperatorException e) {
      return e;
    }
    return new OperatorException(operator, partition, failure);
  }

  private record Opened(String operator, int partition, AutoCloseable resource) {
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
        throw attribute(operator, partition, e);
      }
    }

    @Override
    public Object next() {
      Object value;
      try {
        value = in.next();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        throw attribute(operator, partition, e);
      }
      if (value == null) {
        throw attribute(operator, partition,
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
