package io.sluice.rdd;

import static io.sluice.rdd.testkit.TestKit.rdd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operator opens the user function it wraps: each function here only works after open()
 * (its state is transient), so a missed open() shows up as a failure.
 */
class LifecycleForwardingTest {

  @Test
  void narrowOperatorsOpenTheirFunctions() {
    assertThat(rdd(1, 2).map(new AddOpened()).collect()).containsExactly(101, 102);
    assertThat(rdd(1, 2).keyBy(new AddOpened()).collect())
        .containsExactly(Pair.of(101, 1), Pair.of(102, 2));
    PairRdd<String, Integer> pairs = rdd(1, 2).keyBy(String::valueOf);
    assertThat(pairs.mapValues(new AddOpened()).values().collect()).containsExactly(101, 102);
    assertThat(pairs.flatMapValues(new EmitOpened()).values().collect()).containsExactly(100, 100);
    assertThat(rdd(1, 2).filter(new KeepAboveOpened()).collect()).isEmpty();
  }

  @Test
  void shuffleAndActionFunctionsAreOpened() {
    PairRdd<String, Integer> pairs = rdd(1, 2, 3).keyBy(i -> "k");
    assertThat(pairs.reduceByKey(new SumPlusOpened()).collectAsMap()).containsOnly(entry("k", 206));
    assertThat(pairs.aggregateByKey(new ZeroOpened(), (acc, v) -> acc + v, Integer::sum)
        .collectAsMap().get("k")).isBetween(106, 306);
    assertThat(pairs.combineByKey(new AddOpened(), (acc, v) -> acc + v, Integer::sum)
        .collectAsMap()).containsOnly(entry("k", 306)); // create runs once per task: 3 tasks
    assertThat(rdd(1, 2, 3).reduce(new SumPlusOpened())).contains(206);
    assertThat(rdd(List.of(5)).top(1, new OrderOpened())).containsExactly(5);
  }

  private static final class AddOpened implements MapFn<Integer, Integer> {
    private transient Integer offset;

    @Override
    public void open(TaskContext context) {
      offset = 100;
    }

    @Override
    public Integer apply(Integer value) {
      return value + offset;
    }
  }

  private static final class EmitOpened implements FlatMapFn<Integer, Integer> {
    private transient Integer value;

    @Override
    public void open(TaskContext context) {
      value = 100;
    }

    @Override
    public void apply(Integer in, Emitter<Integer> out) {
      out.emit(value);
    }
  }

  private static final class KeepAboveOpened implements FilterFn<Integer> {
    private transient Integer limit;

    @Override
    public void open(TaskContext context) {
      limit = 100;
    }

    @Override
    public boolean test(Integer value) {
      return value > limit;
    }
  }

  /** Adds 100 per merge: with three values, two merges in any grouping give 206. */
  private static final class SumPlusOpened implements ReduceFn<Integer> {
    private transient Integer bonus;

    @Override
    public void open(TaskContext context) {
      bonus = 100;
    }

    @Override
    public Integer apply(Integer a, Integer b) {
      return a + b + bonus;
    }
  }

  private static final class ZeroOpened implements SupplierFn<Integer> {
    private transient Integer zero;

    @Override
    public void open(TaskContext context) {
      zero = 100;
    }

    @Override
    public Integer get() {
      return zero;
    }
  }

  private static final class OrderOpened implements CompareFn<Integer> {
    private transient Boolean opened;

    @Override
    public void open(TaskContext context) {
      opened = true;
    }

    @Override
    public int compare(Integer a, Integer b) {
      return opened ? Integer.compare(a, b) : 0;
    }
  }
}
