package io.sluice.rdd.internal;

import io.sluice.rdd.Action;
import io.sluice.rdd.Counters;
import io.sluice.rdd.RunResult;
import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import io.sluice.rdd.plan.SortNode;
import io.sluice.rdd.plan.SourceNode;
import io.sluice.rdd.plan.UnionNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One action on the in-process engine. On the caller's thread: serialize the functions, size every
 * node, then run the stages bottom-up: each shuffle's map side is a stage whose tasks fill an
 * {@link Exchange}; the last stage reads through the exchanges and feeds the action. Stages run
 * one after another, their tasks in parallel on the pool; the caller only waits, so pool threads
 * never block on other pool tasks.
 */
final class Run<R> {

  private static final Logger LOG = LoggerFactory.getLogger(Run.class);

  final InProcessEngine engine;
  final long id;
  final FnCopies fns;
  private final PlanNode plan;
  private final Action<Object, Object, R> action;
  // Filled on the caller's thread before the tasks that read them are submitted, never after.
  private final Map<PlanNode, Integer> partitionCounts = new IdentityHashMap<>();
  private final Map<PlanNode, Exchange> exchanges = new IdentityHashMap<>();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final AtomicInteger stages = new AtomicInteger();
  private final AtomicInteger tasks = new AtomicInteger();
  private volatile boolean failed;

  @SuppressWarnings("unchecked")
  Run(InProcessEngine engine, long id, PlanNode plan, Action<?, ?, R> action) {
    this.engine = engine;
    this.id = id;
    this.plan = plan;
    this.action = (Action<Object, Object, R>) action;
    this.fns = new FnCopies(Thread.currentThread().getContextClassLoader());
  }

  RunResult<R> execute() {
    long start = System.nanoTime();
    try {
      prepare(plan, Collections.newSetFromMap(new IdentityHashMap<>()));
      fns.add(action.name(), action);
      materialize(plan, Collections.newSetFromMap(new IdentityHashMap<>()));
      List<Object> results = runStage(plan, action.name(), (task, input) ->
          fns.copy(action).partition(task.context(action.name(), task.partition), input));
      R value;
      Task driver = new Task(this, 0, -1);
      RuntimeException failure = null;
      try {
        value = action.merge(driver.context(action.name(), -1), results);
      } catch (Exception | LinkageError | AssertionError e) {
        failure = Failures.attribute(action.name(), -1, e);
        throw failure;
      } finally {
        driver.close(failure);
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} run {}: {} of '{}' took {} ms in {} stages, {} tasks", engine.id(), id,
            action.name(), plan.name(), (System.nanoTime() - start) / 1_000_000, stages.get(),
            tasks.get());
      }
      return new RunResult<>(value, counters());
    } catch (RuntimeException | Error e) {
      try {
        action.abort(e);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Whether a task of this run failed; running tasks then stop early. */
  boolean failed() {
    return failed;
  }

  int partitions(PlanNode node) {
    Integer n = partitionCounts.get(node);
    if (n == null) {
      throw new IllegalStateException("node was not prepared: " + node.name());
    }
    return n;
  }

  Exchange exchange(PlanNode node) {
    return exchanges.get(node);
  }

  void addCounters(Map<String, LocalCounter> taskCounters) {
    taskCounters.forEach((name, counter) -> {
      if (counter.value != 0) {
        counters.computeIfAbsent(name, n -> new LongAdder()).add(counter.value);
      }
    });
  }

  private Counters counters() {
    Map<String, Long> totals = new java.util.HashMap<>();
    counters.forEach((name, adder) -> totals.put(name, adder.sum()));
    return Counters.of(totals);
  }

  /** Sizes every node and serializes every function, parents first. */
  private void prepare(PlanNode node, Set<PlanNode> seen) {
    if (!seen.add(node)) {
      return;
    }
    for (PlanNode parent : node.parents()) {
      prepare(parent, seen);
    }
    int n;
    if (node instanceof SourceNode s) {
      n = s.source().partitions();
      if (n < 1) {
        throw new IllegalArgumentException("source '" + s.name() + "' has " + n + " partitions");
      }
    } else if (node instanceof NarrowNode narrow) {
      fns.add(narrow.name(), narrow.fn());
      n = partitions(narrow.parent());
    } else if (node instanceof UnionNode union) {
      n = union.parents().stream().mapToInt(this::partitions).sum();
    } else if (node instanceof ShuffleNode shuffle) {
      fns.add(shuffle.name(), shuffle.combiner());
      n = shuffle.partitions() > 0 ? shuffle.partitions() : partitions(shuffle.parent());
    } else if (node instanceof SortNode sort) {
      fns.add(sort.name(), sort.keyOrder());
      n = sort.partitions() > 0 ? sort.partitions() : partitions(sort.parent());
    } else if (node instanceof CoGroupNode cogroup) {
      n = cogroup.partitions() > 0 ? cogroup.partitions()
          : cogroup.parents().stream().mapToInt(this::partitions).max().orElseThrow();
    } else {
      throw new IllegalStateException("unknown plan node " + node.getClass());
    }
    partitionCounts.put(node, n);
  }

  /** Runs the map side of every shuffle under {@code node}, upstream shuffles first. */
  private void materialize(PlanNode node, Set<PlanNode> seen) {
    if (!seen.add(node)) {
      return;
    }
    for (PlanNode parent : node.parents()) {
      materialize(parent, seen);
    }
    if (node instanceof ShuffleNode shuffle) {
      exchanges.put(node, HashExchange.build(this, shuffle));
    } else if (node instanceof CoGroupNode cogroup) {
      exchanges.put(node, CoGroupExchange.build(this, cogroup));
    } else if (node instanceof SortNode sort) {
      exchanges.put(node, SortExchange.build(this, sort));
    }
  }

  /** What a task does with its partition's elements: feed an action or fill an exchange. */
  @FunctionalInterface
  interface StageBody {
    Object run(Task task, Iterator<Object> input) throws Exception;
  }

  /**
   * Runs {@code body} over every partition of {@code node} in parallel and returns the results in
   * partition order. {@code consumer} names the operator that {@code body}'s own failures belong to.
   */
  List<Object> runStage(PlanNode node, String consumer, StageBody body) {
    int stage = stages.incrementAndGet();
    int n = partitions(node);
    List<Future<Object>> futures = new ArrayList<>(n);
    try {
      for (int p = 0; p < n; p++) {
        int partition = p;
        futures.add(engine.pool().submit(() -> runTask(stage, node, partition, consumer, body)));
      }
    } catch (RejectedExecutionException e) {
      failed = true;
      futures.forEach(f -> f.cancel(true));
      throw new IllegalStateException("engine " + engine.id() + " was closed during the run", e);
    }
    List<Object> results = new ArrayList<>(n);
    try {
      for (Future<Object> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      failed = true;
      futures.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      failed = true;
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for tasks of '" + consumer + "'", e);
    }
  }

  private Object runTask(int stage, PlanNode node, int partition, String consumer, StageBody body) {
    tasks.incrementAndGet();
    Task task = new Task(this, stage, partition);
    RuntimeException failure = null;
    try {
      return body.run(task, task.open(node, partition));
    } catch (Exception | LinkageError | AssertionError e) {
      failed = true;
      failure = Failures.attribute(consumer, partition, e);
      throw failure;
    } finally {
      task.close(failure);
    }
  }
}
