package io.sluice.rdd.internal;

import io.sluice.rdd.Config;
import io.sluice.rdd.Counter;
import io.sluice.rdd.Fn;
import io.sluice.rdd.PartitionFn;
import io.sluice.rdd.TaskContext;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.SourceNode;
import io.sluice.rdd.plan.UnionNode;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One partition of one stage, on one pool thread: fuses the stage's narrow chain into nested
 * iterators (one {@link Guard} per operator), owns the function copies it opened and closes them
 * in reverse order, and keeps counters locally until it ends.
 */
final class Task {

  final Run<?> run;
  final int stage;
  final int partition;
  private final Map<String, LocalCounter> counters = new HashMap<>();
  private final Deque<Opened> opened = new ArrayDeque<>();

  Task(Run<?> run, int stage, int partition) {
    this.run = run;
    this.stage = stage;
    this.partition = partition;
  }

  TaskContext context(String operator, int operatorPartition) {
    return new OperatorContext(operator, operatorPartition);
  }

  LocalCounter counter(String name) {
    return counters.computeIfAbsent(name, n -> new LocalCounter());
  }

  /** A private, opened copy of {@code template}, closed when the task ends. */
  <F extends Fn> F open(String operator, int operatorPartition, F template) {
    F fn = run.fns.copy(template);
    // Registered before open: close() also runs when open() fails half-way.
    opened.push(new Opened(operator, operatorPartition, fn::close));
    try {
      fn.open(context(operator, operatorPartition));
    } catch (Exception | LinkageError | AssertionError e) {
      throw Failures.attribute(operator, operatorPartition, e);
    }
    return fn;
  }

  /** The elements of partition {@code p} of {@code node}, streamed. */
  @SuppressWarnings("unchecked")
  Iterator<Object> open(PlanNode node, int p) {
    if (node instanceof UnionNode union) {
      int offset = 0;
      for (PlanNode parent : union.parents()) {
        int n = run.partitions(parent);
        if (p < offset + n) {
          return open(parent, p - offset);
        }
        offset += n;
      }
      throw new IllegalStateException("partition " + p + " is out of range for " + union.name());
    }
    Iterator<?> out;
    try {
      if (node instanceof SourceNode source) {
        out = source.source().open(p, context(source.name(), p));
        if (out instanceof AutoCloseable closeable) {
          opened.push(new Opened(source.name(), p, closeable));
        }
      } else if (node instanceof NarrowNode narrow) {
        Iterator<Object> in = open(narrow.parent(), p);
        PartitionFn<Object, Object> fn = open(narrow.name(), p, (PartitionFn<Object, Object>) narrow.fn());
        out = fn.apply(in);
      } else {
        out = run.exchange(node).read(this, p);
      }
    } catch (Exception | LinkageError | AssertionError e) {
      throw Failures.attribute(node.name(), p, e);
    }
    if (out == null) {
      throw Failures.attribute(node.name(), p, new NullPointerException("returned no iterator"));
    }
    return new Guard(run, out, node.name(), p, counter(node.name() + ".records"));
  }

  /**
   * Closes everything this task opened, newest first. With {@code failure} set, close failures are
   * added to it; otherwise the first one is thrown, attributed to its operator.
   */
  void close(RuntimeException failure) {
    RuntimeException closeFailure = null;
    while (!opened.isEmpty()) {
      Opened o = opened.pop();
      try {
        o.resource.close();
      } catch (Exception | LinkageError | AssertionError e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (closeFailure == null) {
          closeFailure = Failures.attribute(o.operator, o.partition, e);
        } else {
          closeFailure.addSuppressed(e);
        }
      }
    }
    run.addCounters(counters);
    if (closeFailure != null) {
      throw closeFailure;
    }
  }

  private record Opened(String operator, int partition, AutoCloseable resource) {
  }

  /** What one operator's functions see: the task, under the operator's name and partition. */
  private final class OperatorContext implements TaskContext {
    private final String operator;
    private final int operatorPartition;

    OperatorContext(String operator, int operatorPartition) {
      this.operator = operator;
      this.operatorPartition = operatorPartition;
    }

    @Override
    public Config config() {
      return run.engine.config();
    }

    @Override
    public Counter counter(String name) {
      return Task.this.counter(name);
    }

    @Override
    public String operatorName() {
      return operator;
    }

    @Override
    public int partition() {
      return operatorPartition;
    }

    @Override
    public String taskId() {
      return run.engine.id() + "-run" + run.id
          + (partition < 0 ? "-driver" : "-stage" + stage + "-part" + partition);
    }

    @Override
    public Clock clock() {
      return run.engine.clock();
    }
  }
}
