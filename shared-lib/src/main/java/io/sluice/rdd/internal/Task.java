package io.sluice.rdd.internal;

import io.sluice.rdd.Config;
import io.sluice.rdd.Counter;
import io.sluice.rdd.Fn;
import io.sluice.rdd.TaskContext;
import io.sluice.rdd.plan.PartitionChain;
import io.sluice.rdd.plan.PlanNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One partition of one stage, on one pool thread: fuses the stage's narrow chain into nested
 * iterators (one {@link Guard} per operator, {@link PartitionChain}), owns the function copies it
 * opened and closes them in reverse order, and keeps counters locally until it ends.
 */
final class Task extends PartitionChain {

  final Run<?> run;
  final int stage;
  final int partition;
  private final Map<String, LocalCounter> counters = new HashMap<>();

  Task(Run<?> run, int stage, int partition) {
    this.run = run;
    this.stage = stage;
    this.partition = partition;
  }

  @Override
  protected TaskContext context(String operator, int operatorPartition) {
    return new OperatorContext(operator, operatorPartition);
  }

  LocalCounter counter(String name) {
    return counters.computeIfAbsent(name, n -> new LocalCounter());
  }

  @Override
  protected <F extends Fn> F copy(String operator, int operatorPartition, F fn) {
    return run.fns.copy(fn);
  }

  @Override
  protected int partitions(PlanNode node) {
    return run.partitions(node);
  }

  @Override
  protected Iterator<?> openShuffle(PlanNode node, int p) throws Exception {
    return run.exchange(node).read(this, p);
  }

  @Override
  protected Iterator<Object> guard(PlanNode node, int p, Iterator<?> out) {
    return new Guard(run, out, node.name(), p, counter(node.name() + ".records"));
  }

  @Override
  protected RuntimeException attribute(String operator, int operatorPartition, Throwable failure) {
    return Failures.attribute(operator, operatorPartition, failure);
  }

  /**
   * Closes everything this task opened, newest first. With {@code failure} set, close failures are
   * added to it; otherwise the first one is thrown, attributed to its operator.
   */
  void close(RuntimeException failure) {
    RuntimeException closeFailure = closeAll(failure);
    run.addCounters(counters);
    if (closeFailure != null) {
      throw closeFailure;
    }
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
