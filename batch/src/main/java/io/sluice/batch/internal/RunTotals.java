package io.sluice.batch.internal;

import io.sluice.rdd.Action;
import io.sluice.rdd.Config;
import io.sluice.rdd.Counters;
import io.sluice.rdd.Engine;
import io.sluice.rdd.RunResult;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.SourceNode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Totals over every action a {@link io.sluice.batch.BatchContext} ran, for {@code BatchMain}'s
 * summary line: records read by sources ({@code <source>.records}), records reaching actions
 * ({@code <top>.records}), dead letters ({@code *.malformed} and {@code *.corrupt-files}). Kept by
 * an engine wrapper, so jobs need not report anything themselves.
 */
public final class RunTotals {

  private final AtomicLong actions = new AtomicLong();
  private final AtomicLong recordsIn = new AtomicLong();
  private final AtomicLong recordsOut = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();

  /** The totals of an engine made by {@link #counting}; zeros for any other engine. */
  public static RunTotals of(Engine engine) {
    return engine instanceof Counting c ? c.totals : new RunTotals();
  }

  /** {@code engine}, keeping totals of its runs. */
  public static Engine counting(Engine engine) {
    return new Counting(engine);
  }

  public long actions() {
    return actions.get();
  }

  public long recordsIn() {
    return recordsIn.get();
  }

  public long recordsOut() {
    return recordsOut.get();
  }

  public long deadLetters() {
    return deadLetters.get();
  }

  void add(PlanNode plan, Counters counters) {
    actions.incrementAndGet();
    Set<PlanNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<PlanNode> todo = new ArrayDeque<>();
    todo.push(plan);
    Set<String> sources = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      PlanNode node = todo.pop();
      if (seen.add(node)) {
        if (node instanceof SourceNode) {
          sources.add(node.name());
        }
        node.parents().forEach(todo::push);
      }
    }
    for (String source : sources) {
      recordsIn.addAndGet(counters.get(source + ".records"));
    }
    recordsOut.addAndGet(counters.get(plan.name() + ".records"));
    for (Map.Entry<String, Long> e : counters.asMap().entrySet()) {
      if (e.getKey().endsWith(".malformed") || e.getKey().endsWith(".corrupt-files")) {
        deadLetters.addAndGet(e.getValue());
      }
    }
  }

  /** Delegates everything; adds each successful run's counters to its totals. */
  private static final class Counting implements Engine {
    private final Engine engine;
    private final RunTotals totals = new RunTotals();

    Counting(Engine engine) {
      this.engine = engine;
    }

    @Override
    public Config config() {
      return engine.config();
    }

    @Override
    public <R> RunResult<R> run(PlanNode plan, Action<?, ?, R> action) {
      RunResult<R> result = engine.run(plan, action);
      totals.add(plan, result.counters());
      return result;
    }

    @Override
    public void close() {
      engine.close();
    }

    @Override
    public String toString() {
      return engine.toString();
    }
  }
}
