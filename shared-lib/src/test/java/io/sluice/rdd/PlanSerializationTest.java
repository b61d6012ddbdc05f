package io.sluice.rdd;

import static io.sluice.rdd.testkit.TestKit.rdd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sluice.rdd.plan.CoGroupNode;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import io.sluice.rdd.plan.SortNode;
import io.sluice.rdd.plan.SourceNode;
import io.sluice.rdd.plan.UnionNode;
import io.sluice.rdd.testkit.TestKit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanSerializationTest {

  @Test
  void planWithLambdasSurvivesJavaSerializationAndRuns() throws Exception {
    int minLength = 2;
    PairRdd<String, Long> counts = rdd("a bb", "bb ccc", "ccc ccc")
        .flatMap((String line, Emitter<String> out) -> {
          for (String word : line.split(" ")) {
            out.emit(word);
          }
        })
        .filter(word -> word.length() >= minLength).named("long-words")
        .mapToPair(word -> Pair.of(word, 1L))
        .reduceByKey(Long::sum).named("counts");

    PlanNode copy = roundTrip(counts.plan());

    assertThat(copy).isNotSameAs(counts.plan());
    assertThat(copy.explain()).isEqualTo(counts.plan().explain());
    Map<String, Long> result = PairRdd.of(TestKit.engine().<Pair<String, Long>>fromPlan(copy)).collectAsMap();
    assertThat(result).containsOnly(entry("bb", 2L), entry("ccc", 3L));
  }

  @Test
  void visitorSeesNarrowAndShuffleBoundaries() throws Exception {
    PairRdd<String, Integer> left = rdd("a", "b").mapToPair(s -> Pair.of(s, 1));
    PairRdd<String, Integer> plan = left.union(left.reduceByKey(Integer::sum))
        .sortByKey().join(left).mapValues(Pair::key);
    List<String> kinds = new ArrayList<>();
    walk(roundTrip(plan.plan()), kinds);
    assertThat(kinds).contains("narrow:mapValues", "narrow:join", "cogroup", "sort", "union",
        "shuffle:reduceByKey", "source");
  }

  private static void walk(PlanNode node, List<String> kinds) {
    kinds.add(node.accept(new PlanNode.Visitor<String>() {
      @Override
      public String visitSource(SourceNode n) {
        return "source";
      }

      @Override
      public String visitNarrow(NarrowNode n) {
        return "narrow:" + n.kind();
      }

      @Override
      public String visitUnion(UnionNode n) {
        return "union";
      }

      @Override
      public String visitShuffle(ShuffleNode n) {
        assertThat(n.combiner().mapSide()).isTrue();
        return "shuffle:" + n.kind();
      }

      @Override
      public String visitCoGroup(CoGroupNode n) {
        return "cogroup";
      }

      @Override
      public String visitSort(SortNode n) {
        return "sort";
      }
    }));
    node.parents().forEach(parent -> walk(parent, kinds));
  }

  private static PlanNode roundTrip(PlanNode plan) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(plan);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (PlanNode) in.readObject();
    }
  }
}
