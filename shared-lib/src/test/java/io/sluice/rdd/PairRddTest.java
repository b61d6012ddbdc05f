package io.sluice.rdd;

import static io.sluice.rdd.testkit.TestKit.rdd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.sluice.rdd.testkit.TestKit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PairRddTest {

  private static PairRdd<String, Integer> pairs(Object... keysAndValues) {
    List<Pair<String, Integer>> list = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      list.add(Pair.of((String) keysAndValues[i], (Integer) keysAndValues[i + 1]));
    }
    return PairRdd.of(rdd(list));
  }

  @Test
  void reduceByKeyMergesValuesPerKey() {
    PairRdd<String, Integer> sums = pairs("a", 1, "b", 2, "a", 3, "c", 4, "a", 5).reduceByKey(Integer::sum);
    assertThat(sums.collectAsMap()).containsOnly(entry("a", 9), entry("b", 2), entry("c", 4));
    assertThat(sums.plan().isShuffle()).isTrue();
  }

  @Test
  void reduceByKeyHandlesASkewedKeyAndManyPartitions() {
    List<Pair<String, Integer>> skewed = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      skewed.add(Pair.of(i % 10 == 0 ? "k" + i : "hot", 1));
    }
    Map<String, Integer> counts = PairRdd.of(TestKit.engine().parallelize(skewed, 7))
        .reduceByKey(Integer::sum, 5).collectAsMap();
    assertThat(counts).hasSize(1001).containsEntry("hot", 9000).containsEntry("k10", 1);
    Map<String, List<Integer>> groups = PairRdd.of(TestKit.engine().parallelize(skewed, 7))
        .groupByKey(3).collectAsMap();
    assertThat(groups.get("hot")).hasSize(9000);
  }

  @Test
  void shuffleResultsAreDeterministic() {
    List<Pair<String, Integer>> data = IntStream.range(0, 2000)
        .mapToObj(i -> Pair.of("k" + (i * 7919 % 97), i)).toList();
    List<Pair<String, Integer>> first = PairRdd.of(rdd(data)).reduceByKey(Integer::sum).collect();
    for (int run = 0; run < 3; run++) {
      assertThat(PairRdd.of(rdd(data)).reduceByKey(Integer::sum).collect()).isEqualTo(first);
    }
  }

  @Test
  void reduceByKeyPassesNullValuesToTheFunction() {
    PairRdd<String, Integer> withNulls = pairs("a", 1, "a", null, "b", null);
    Map<String, Integer> sums = withNulls
        .reduceByKey((x, y) -> (x == null ? 0 : x) + (y == null ? 0 : y)).collectAsMap();
    assertThat(sums).containsEntry("a", 1).containsEntry("b", null);
  }

  @Test
  void aggregateByKeyUsesAFreshZeroPerKey() {
    PairRdd<String, long[]> sums = pairs("a", 1, "b", 2, "a", 3).aggregateByKey(
        () -> new long[1], (acc, v) -> { acc[0] += v; return acc; },
        (x, y) -> { x[0] += y[0]; return x; });
    Map<String, long[]> map = sums.collectAsMap();
    assertThat(map.get("a")).containsExactly(4);
    assertThat(map.get("b")).containsExactly(2);
  }

  @Test
  void combineByKeyBuildsCombinedValues() {
    PairRdd<String, String> joined = pairs("a", 1, "b", 2, "a", 3).combineByKey(
        String::valueOf, (acc, v) -> acc + "+" + v, (x, y) -> x + "+" + y, 2);
    assertThat(joined.collectAsMap()).containsOnly(entry("a", "1+3"), entry("b", "2"));
  }

  @Test
  void groupByKeyKeepsAllValuesInInputOrder() {
    Map<String, List<Integer>> groups = pairs("a", 1, "b", 2, "a", 3, "a", 4).groupByKey().collectAsMap();
    assertThat(groups).containsOnly(entry("a", List.of(1, 3, 4)), entry("b", List.of(2)));
  }

  @Test
  void mapValuesAndFlatMapValuesKeepKeys() {
    assertThat(pairs("a", 1, "b", 2).mapValues(v -> v * 10).collect())
        .containsExactly(Pair.of("a", 10), Pair.of("b", 20));
    assertThat(pairs("a", 2).flatMapValues((Integer v, Emitter<Integer> out) -> {
      for (int i = 0; i < v; i++) {
        out.emit(i);
      }
    }).collect()).containsExactly(Pair.of("a", 0), Pair.of("a", 1));
  }

  @Test
  void keysValuesAndFilterStayTyped() {
    PairRdd<String, Integer> data = pairs("a", 1, "b", 2);
    assertThat(data.keys().collect()).containsExactly("a", "b");
    assertThat(data.values().collect()).containsExactly(1, 2);
    PairRdd<String, Integer> filtered = data.filter(p -> p.value() > 1);
    assertThat(filtered.collectAsMap()).containsOnly(entry("b", 2));
  }

  @Test
  void joinPairsEveryCombination() {
    PairRdd<String, Integer> left = pairs("a", 1, "a", 2, "b", 3, "c", 4);
    PairRdd<String, Integer> right = pairs("a", 10, "b", 30, "b", 31, "d", 40);
    assertThat(left.join(right).collect()).containsExactlyInAnyOrder(
        Pair.of("a", Pair.of(1, 10)), Pair.of("a", Pair.of(2, 10)),
        Pair.of("b", Pair.of(3, 30)), Pair.of("b", Pair.of(3, 31)));
  }

  @Test
  void leftOuterJoinMakesNullForMissingRightValues() {
    PairRdd<String, Integer> left = pairs("a", 1, "c", 4);
    PairRdd<String, Integer> right = pairs("a", 10, "d", 40);
    assertThat(left.leftOuterJoin(right).collect()).containsExactlyInAnyOrder(
        Pair.of("a", Pair.of(1, 10)), Pair.of("c", Pair.of(4, null)));
  }

  @Test
  void cogroupListsValuesFromBothSides() {
    Map<String, Pair<List<Integer>, List<Integer>>> groups =
        pairs("a", 1, "b", 2, "a", 3).cogroup(pairs("a", 9, "c", 8)).collectAsMap();
    assertThat(groups).containsOnly(
        entry("a", Pair.of(List.of(1, 3), List.of(9))),
        entry("b", Pair.of(List.of(2), List.of())),
        entry("c", Pair.of(List.of(), List.of(8))));
  }

  @Test
  void selfJoinReadsTheSameShuffleTwice() {
    PairRdd<String, Integer> sums = pairs("a", 1, "b", 2, "a", 3).reduceByKey(Integer::sum);
    assertThat(sums.join(sums).collectAsMap())
        .containsOnly(entry("a", Pair.of(4, 4)), entry("b", Pair.of(2, 2)));
    assertThat(sums.union(sums).count()).isEqualTo(4);
  }

  @Test
  void chainedShufflesRunStageAfterStage() {
    // count per key, then how many keys have each count
    Map<Integer, Integer> histogram = pairs("a", 1, "b", 1, "a", 1, "c", 1, "c", 1, "d", 1)
        .reduceByKey(Integer::sum)
        .mapToPair(p -> Pair.of(p.value(), 1))
        .reduceByKey(Integer::sum).collectAsMap();
    assertThat(histogram).containsOnly(entry(2, 2), entry(1, 2));
  }

  @Test
  void countByKeyCountsPairsPerKey() {
    assertThat(pairs("a", 1, "b", 2, "a", 3).countByKey()).containsOnly(entry("a", 2L), entry("b", 1L));
  }

  @Test
  void sortByKeySortsGloballyAcrossRangePartitions() {
    List<Pair<Integer, String>> data = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      data.add(Pair.of((i * 7919) % 500, "v" + i));
    }
    Collections.shuffle(data, new java.util.Random(1));
    PairRdd<Integer, String> sorted = PairRdd.of(TestKit.engine().parallelize(data, 4)).sortByKey();
    List<Integer> keys = sorted.keys().collect();
    assertThat(keys).hasSize(500).isSorted();
    PairRdd<Integer, String> descending =
        PairRdd.of(rdd(data)).sortByKey(CompareFn.<Integer>natural().reversed(), 3);
    assertThat(descending.first().key()).isEqualTo(499);
    assertThat(descending.mapPartitions(it -> List.of(it.hasNext()).iterator()).collect())
        .containsExactly(true, true, true);
  }

  @Test
  void topByValueFindsLargestValues() {
    assertThat(pairs("a", 5, "b", 9, "c", 1).topByValue(2))
        .containsExactly(Pair.of("b", 9), Pair.of("a", 5));
  }

  @Test
  void enumKeysAreGrouped() {
    Map<Thread.State, Long> counts = PairRdd.of(rdd(
        Pair.of(Thread.State.NEW, 1L), Pair.of(Thread.State.RUNNABLE, 1L), Pair.of(Thread.State.NEW, 1L)))
        .reduceByKey(Long::sum, 4).collectAsMap();
    assertThat(counts).containsOnly(entry(Thread.State.NEW, 2L), entry(Thread.State.RUNNABLE, 1L));
  }

  @Test
  void arrayKeysAreRejectedNamingTheOperator() {
    PairRdd<int[], Integer> arrays = rdd(1, 2).mapToPair(i -> Pair.of(new int[] {i}, i));
    assertThatThrownBy(() -> arrays.reduceByKey(Integer::sum, 1).named("by-array").collect())
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("'by-array'")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullKeysAreRejected() {
    assertThatThrownBy(() -> Pair.of(null, 1)).isInstanceOf(NullPointerException.class);
    Rdd<Pair<String, Integer>> nullKeys = rdd("a").mapToPair(s -> Pair.of(null, 1));
    assertThatThrownBy(nullKeys::collect).isInstanceOf(OperatorException.class)
        .hasMessageContaining("'mapToPair'");
  }
}
