package io.sluice.rdd.plan;

import io.sluice.rdd.Fn;
import io.sluice.rdd.PartitionFn;
import io.sluice.rdd.TaskContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * One task's evaluation of the narrow part of a plan above a partition, for engines: fuses the
 * chain of sources, narrow operators and unions into nested iterators, opens a private copy of each
 * function with its operator's context, and owns everything it opened, closing it newest first.
 * Both engines evaluate their tasks with it, so a function sees the same lifecycle in-process and
 * on MapReduce. The engine says how a function is copied, what its context is, how a shuffle's
 * output is read, and how each operator's output is guarded (failures attributed, nulls refused,
 * records counted). Not thread-safe: one per task.
 */
public abstract class PartitionChain {

  private final Deque<Opened> opened = new ArrayDeque<>();

  /** What the functions of {@code operator} see, working on its partition {@code partition}. */
  protected abstract TaskContext context(String operator, int partition);

  /** A private copy of {@code fn} for one use in this task. */
  protected abstract <F extends Fn> F copy(String operator, int partition, F fn);

  /**
   * Partition {@code p} of a node that is not a source, a narrow operator or a union: the output
   * of a shuffle. What it returns that must be closed goes to {@link #closeLater}.
   */
  protected abstract Iterator<?> openShuffle(PlanNode node, int p) throws Exception;

  /** How many partitions {@code node} has in this run. */
  protected abstract int partitions(PlanNode node);

  /** Operator {@code node}'s output on partition {@code p}, as the rest of the chain reads it. */
  protected abstract Iterator<Object> guard(PlanNode node, int p, Iterator<?> out);

  /**
   * {@code failure} as an {@link io.sluice.rdd.OperatorException} of {@code operator}, unless an
   * upstream operator already claimed it.
   */
  protected abstract RuntimeException attribute(String operator, int partition, Throwable failure);

  /** A private, opened copy of {@code template}, closed when the task ends. */
  public final <F extends Fn> F open(String operator, int partition, F template) {
    F fn = copy(operator, partition, template);
    // Registered before open: close() also runs when open() fails half-way.
    closeLater(operator, partition, fn::close);
    try {
      fn.open(context(operator, partition));
    } catch (Exception | LinkageError | AssertionError e) {
      throw attribute(operator, partition, e);
    }
    return fn;
  }

  /** The elements of partition {@code p} of {@code node}, streamed. */
  @SuppressWarnings("unchecked")
  public final Iterator<Object> open(PlanNode node, int p) {
    if (node instanceof UnionNode union) {
      int offset = 0;
      for (PlanNode parent : union.parents()) {
        int n = partitions(parent);
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
          closeLater(source.name(), p, closeable);
        }
      } else if (node instanceof NarrowNode narrow) {
        Iterator<Object> in = open(narrow.parent(), p);
        PartitionFn<Object, Object> fn =
            open(narrow.name(), p, (PartitionFn<Object, Object>) narrow.fn());
        out = fn.apply(in);
      } else {
        out = openShuffle(node, p);
      }
    } catch (Exception | LinkageError | AssertionError e) {
      throw attribute(node.name(), p, e);
    }
    if (out == null) {
      throw attribute(node.name(), p, new NullPointerException("returned no iterator"));
    }
    return guard(node, p, out);
  }

  /** Closes {@code resource} when the task ends, before anything opened earlier. */
  public final void closeLater(String operator, int partition, AutoCloseable resource) {
    opened.push(new Opened(operator, partition, resource));
  }

  /**
   * Closes everything opened, newest first. With {@code failure} set, close failures are added to
   * it and null is returned; otherwise the first one is returned, attributed to its operator, with
   * the others suppressed in it (or null if all closed).
   */
  protected final RuntimeException closeAll(Throwable failure) {
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
    return closeFailure;
  }

  private record Opened(String operator, int partition, AutoCloseable resource) {
  }
}
