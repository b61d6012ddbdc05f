package io.sluice.rdd;

import static io.sluice.rdd.testkit.TestKit.rdd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.rdd.testkit.MemorySink;
import io.sluice.rdd.testkit.TestKit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RddTest {

  private static final List<Integer> ONE_TO_TEN = IntStream.rangeClosed(1, 10).boxed().toList();

  @Test
  void mapKeepsSourceOrderAcrossPartitions() {
    assertThat(rdd(ONE_TO_TEN).map(i -> i * 10).collect())
        .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
  }

  @Test
  void operatorsOnAnEmptyDatasetYieldNothing() {
    Rdd<Integer> empty = rdd(List.of());
    assertThat(empty.map(i -> i + 1).filter(i -> true).collect()).isEmpty();
    assertThat(empty.count()).isZero();
    assertThat(empty.reduce(Integer::sum)).isEmpty();
    assertThat(empty.fold(0, Integer::sum)).isZero();
    assertThat(empty.take(3)).isEmpty();
    assertThatThrownBy(empty::first).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void moreEmptyPartitionsThanElementsAreFine() {
    Rdd<String> sparse = TestKit.engine().parallelize(List.of("a", "b"), 16);
    assertThat(sparse.map(String::toUpperCase).collect()).containsExactly("A", "B");
    assertThat(sparse.count()).isEqualTo(2);
  }

  @Test
  void flatMapEmitsZeroOrMorePerElement() {
    Rdd<String> words = rdd("a b", "", "c d e").flatMap((line, out) -> {
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          out.emit(w);
        }
      }
    });
    assertThat(words.collect()).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void filterKeepsMatchingElements() {
    assertThat(rdd(ONE_TO_TEN).filter(i -> i % 3 == 0).collect()).containsExactly(3, 6, 9);
  }

  @Test
  void mapPartitionsSeesWholePartitions() {
    Rdd<Integer> sizes = TestKit.engine().parallelize(ONE_TO_TEN, 2).mapPartitions(in -> {
      int n = 0;
      while (in.hasNext()) {
        in.next();
        n++;
      }
      return List.of(n).iterator();
    });
    assertThat(sizes.collect()).containsExactly(5, 5);
  }

  @Test
  void mapToPairAndKeyByMakePairs() {
    assertThat(rdd("a", "bb").mapToPair(s -> Pair.of(s, s.length())).collect())
        .containsExactly(Pair.of("a", 1), Pair.of("bb", 2));
    assertThat(rdd("a", "bb").keyBy(String::length).collect())
        .containsExactly(Pair.of(1, "a"), Pair.of(2, "bb"));
  }

  @Test
  void unionConcatenatesPartitionsInOrder() {
    Rdd<Integer> both = rdd(1, 2).union(TestKit.engine().parallelize(List.of(3, 4, 5), 2));
    assertThat(both.collect()).containsExactly(1, 2, 3, 4, 5);
    assertThat(both.union(both).count()).isEqualTo(10);
  }

  @Test
  void unionRejectsDatasetsOfAnotherEngine() {
    try (Engine other = Engine.inProcess(Config.empty())) {
      assertThatThrownBy(() -> rdd(1).union(other.parallelize(List.of(2), 1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void distinctKeepsOneOfEach() {
    assertThat(rdd("b", "a", "b", "c", "a").distinct().collect())
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void sampleIsRepeatableAndRoughlyTheFraction() {
    List<Integer> many = IntStream.range(0, 10_000).boxed().toList();
    List<Integer> first = rdd(many).sample(0.1, 42).collect();
    assertThat(rdd(many).sample(0.1, 42).collect()).isEqualTo(first);
    assertThat(first.size()).isBetween(800, 1200);
    assertThat(rdd(many).sample(0, 1).count()).isZero();
    assertThat(rdd(many).sample(1, 1).count()).isEqualTo(10_000);
    assertThatThrownBy(() -> rdd(many).sample(1.5, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countTakeFirstReduceFold() {
    Rdd<Integer> numbers = rdd(ONE_TO_TEN);
    assertThat(numbers.count()).isEqualTo(10);
    assertThat(numbers.take(4)).containsExactly(1, 2, 3, 4);
    assertThat(numbers.take(0)).isEmpty();
    assertThat(numbers.take(100)).hasSize(10);
    assertThat(numbers.first()).isEqualTo(1);
    assertThat(numbers.reduce(Integer::sum)).isEqualTo(Optional.of(55));
    assertThat(numbers.fold(0, Integer::sum)).isEqualTo(55);
  }

  @Test
  void topAndTakeOrdered() {
    Rdd<Integer> numbers = rdd(5, 1, 9, 3, 7, 9);
    assertThat(numbers.top(3, CompareFn.natural())).containsExactly(9, 9, 7);
    assertThat(numbers.takeOrdered(2, CompareFn.natural())).containsExactly(1, 3);
    assertThat(numbers.top(2, CompareFn.<Integer>natural().reversed())).containsExactly(1, 3);
    assertThat(numbers.top(0, CompareFn.natural())).isEmpty();
  }

  @Test
  void foreachRunsInTasksAndCountsThroughCounters() {
    RunResult<Void> result = rdd(ONE_TO_TEN).run(new CountingForeach());
    assertThat(result.counters().get("seen")).isEqualTo(10);
  }

  @Test
  void foreachAndForeachPartitionRunTheFunctionOncePerElementOrPartition() {
    // Side effects on captured objects are lost (tasks get copies); only completion is observable.
    List<Integer> captured = new ArrayList<>();
    rdd(ONE_TO_TEN).foreach(i -> captured.add(i));
    assertThat(captured).isEmpty();
    rdd(ONE_TO_TEN).foreachPartition(Iterator::hasNext);
  }

  @Test
  void writeToCommitsEveryPartitionThenTheJob() {
    MemorySink<Integer> sink = MemorySink.create();
    Counters counters = rdd(ONE_TO_TEN).filter(i -> i > 2).named("big").writeTo(sink);
    assertThat(sink.committed()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(sink.jobCommitted()).isTrue();
    assertThat(counters.get("big.records")).isEqualTo(8);
  }

  @Test
  void writeToAbortsOnFailure() {
    MemorySink<Integer> sink = MemorySink.create();
    Rdd<Integer> failing = rdd(ONE_TO_TEN).map(i -> {
      if (i == 10) {
        throw new IllegalStateException("boom");
      }
      return i;
    });
    assertThatThrownBy(() -> failing.writeTo(sink)).isInstanceOf(OperatorException.class);
    assertThat(sink.jobAborted()).isTrue();
    assertThat(sink.jobCommitted()).isFalse();
    assertThat(sink.abortedPartitions()).containsExactly(2);
  }

  @Test
  void namedOperatorsCountTheirRecords() {
    RunResult<Long> result = rdd(ONE_TO_TEN).filter(i -> i % 2 == 0).named("evens")
        .run(Action.count());
    assertThat(result.value()).isEqualTo(5);
    assertThat(result.counters().get("evens.records")).isEqualTo(5);
    assertThat(result.counters().get("parallelize.records")).isEqualTo(10);
  }

  @Test
  void blankOperatorNamesAreRejected() {
    assertThatThrownBy(() -> rdd(1).named(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestKit.engine().read("", Source.of(List.of(1), 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void planIsInspectable() {
    Rdd<Integer> evens = rdd(ONE_TO_TEN).filter(i -> i % 2 == 0).named("evens");
    assertThat(evens.name()).isEqualTo("evens");
    assertThat(evens.plan().kind()).isEqualTo("filter");
    assertThat(evens.plan().isShuffle()).isFalse();
    assertThat(evens.plan().explain()).isEqualTo("evens (filter)\n  parallelize (source)\n");
  }

  private static final class CountingForeach implements Action<Integer, Void, Void> {
    @Override
    public String name() {
      return "counting-foreach";
    }

    @Override
    public Void partition(TaskContext context, Iterator<Integer> elements) {
      Counter seen = context.counter("seen");
      elements.forEachRemaining(e -> seen.increment());
      return null;
    }

    @Override
    public Void merge(TaskContext context, List<Void> partitionResults) {
      return null;
    }
  }
}
