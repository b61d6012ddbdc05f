package io.sluice.rdd;

import static io.sluice.rdd.testkit.TestKit.rdd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.rdd.internal.InProcessEngine;
import io.sluice.rdd.testkit.TestKit;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EngineTest {

  /** Lifecycle events per test, keyed by a test-unique id (functions run on copies). */
  static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();

  @Test
  void failingFunctionNamesOperatorAndPartitionWithTheCause() {
    Rdd<Integer> failing = TestKit.engine().parallelize(List.of(1, 2, 3, 4), 4)
        .map(i -> i * 2).named("double")
        .filter(i -> {
          if (i == 6) {
            throw new IllegalStateException("six is not allowed");
          }
          return true;
        }).named("no-sixes")
        .map(i -> i + 1);
    assertThatThrownBy(failing::collect)
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("operator 'no-sixes' failed in partition 2")
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> {
          OperatorException oe = (OperatorException) e;
          assertThat(oe.operator()).isEqualTo("no-sixes");
          assertThat(oe.partition()).isEqualTo(2);
          assertThat(oe.getCause()).hasMessage("six is not allowed");
        });
  }

  @Test
  void checkedExceptionsSurfaceAsTheirOwnCause() {
    Rdd<String> failing = rdd("a").map(s -> {
      throw new IOException("disk gone");
    });
    assertThatThrownBy(failing::count).isInstanceOf(OperatorException.class)
        .hasCauseInstanceOf(IOException.class).hasMessageContaining("'map'");
  }

  @Test
  void failuresInShuffleFunctionsAndActionsAreAttributed() {
    PairRdd<String, Integer> pairs = rdd("a", "a", "b").mapToPair(s -> Pair.of(s, 1));
    assertThatThrownBy(() -> pairs.reduceByKey((x, y) -> {
      throw new ArithmeticException("no");
    }).named("sum").collect()).isInstanceOf(OperatorException.class).hasMessageContaining("'sum'");
    assertThatThrownBy(() -> rdd(1, 2).foreach(i -> {
      throw new IllegalStateException("side effect failed");
    })).isInstanceOf(OperatorException.class).hasMessageContaining("'foreach'");
    assertThatThrownBy(() -> rdd(1, 2).reduce((x, y) -> x / (y - y)))
        .isInstanceOf(OperatorException.class).hasRootCauseInstanceOf(ArithmeticException.class);
  }

  @Test
  void nullResultsAreRejectedNamingTheOperator() {
    assertThatThrownBy(() -> rdd("a", "b").map(s -> (String) null).named("to-null").collect())
        .isInstanceOf(OperatorException.class).hasMessageContaining("'to-null'")
        .hasCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> rdd("a").flatMap((String s, Emitter<String> out) -> out.emit(null)).collect())
        .isInstanceOf(OperatorException.class).hasMessageContaining("'flatMap'");
    assertThatThrownBy(() -> TestKit.engine().parallelize(java.util.Arrays.asList("a", null), 1))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("element 1");
  }

  @Test
  void everyTaskGetsItsOwnOpenedCopyAndClosesIt() {
    String id = "lifecycle-" + System.nanoTime();
    EVENTS.put(id, java.util.Collections.synchronizedList(new ArrayList<>()));
    List<Integer> out = TestKit.engine().parallelize(List.of(1, 2, 3, 4, 5, 6), 3)
        .map(new Recording(id)).collect();
    assertThat(out).containsExactly(1, 2, 3, 4, 5, 6);
    List<String> events = EVENTS.remove(id);
    assertThat(events).containsOnly("open", "apply", "close");
    assertThat(events.stream().filter("open"::equals)).hasSize(3);
    assertThat(events.stream().filter("close"::equals)).hasSize(3);
    assertThat(events.stream().filter("apply"::equals)).hasSize(6);
  }

  @Test
  void functionsAreClosedWhenATaskFails() {
    String id = "close-on-failure-" + System.nanoTime();
    EVENTS.put(id, java.util.Collections.synchronizedList(new ArrayList<>()));
    Rdd<Integer> failing = TestKit.engine().parallelize(List.of(1), 1).map(new Recording(id))
        .map(i -> {
          throw new IllegalStateException("x");
        });
    assertThatThrownBy(failing::collect).isInstanceOf(OperatorException.class);
    assertThat(EVENTS.remove(id)).containsExactly("open", "apply", "close");
  }

  @Test
  void nonSerializableFunctionFailsBeforeAnyTaskNamingTheOperator() {
    Object notSerializable = new Object();
    Rdd<String> bad = rdd("a").map(s -> s + notSerializable.hashCode()).named("captures-object");
    assertThatThrownBy(bad::collect).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'captures-object'").hasMessageContaining("serializ");
  }

  @Test
  void functionThatCannotBeReadBackFailsOnTheDriver() {
    Rdd<Integer> bad = rdd(1).map(new Unreadable()).named("unreadable");
    assertThatThrownBy(bad::collect).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'unreadable'").hasMessageContaining("deserialized");
  }

  @Test
  void taskContextCarriesConfigPartitionClockAndCounters() {
    Clock fixed = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    try (InProcessEngine engine = new InProcessEngine(Config.of(Map.of(
        RddConfigKeys.ENGINE_THREADS_KEY, "3", "test.suffix", "!")), fixed)) {
      assertThat(engine.threads()).isEqualTo(3);
      RunResult<List<String>> result = engine.parallelize(List.of("a", "b", "c"), 3)
          .map(new Describe()).named("describe").run(Action.collect());
      assertThat(result.value()).containsExactly(
          "a!@0 describe 1795168800000", "b!@1 describe 1795168800000", "c!@2 describe 1795168800000");
      assertThat(result.counters().get("describe.calls")).isEqualTo(3);
    }
  }

  @Test
  void badThreadCountFailsFastNamingTheKey() {
    assertThatThrownBy(() -> Engine.inProcess(Config.of(Map.of(RddConfigKeys.ENGINE_THREADS_KEY, "-1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RddConfigKeys.ENGINE_THREADS_KEY);
    assertThatThrownBy(() -> Engine.inProcess(Config.of(Map.of(RddConfigKeys.ENGINE_THREADS_KEY, "many"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RddConfigKeys.ENGINE_THREADS_KEY);
  }

  /** Reached from a function without capturing it, as a careless singleton would be. */
  static volatile Engine nestedEngine;

  @Test
  void actionsInsideTasksAreRejectedInsteadOfDeadlocking() {
    nestedEngine = TestKit.engine();
    Rdd<Integer> nested = rdd(1).map(i -> (int) nestedEngine.parallelize(List.of(1), 1).count());
    assertThatThrownBy(nested::collect).isInstanceOf(OperatorException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot run inside a task");
  }

  @Test
  void closedEngineRejectsActions() {
    Engine engine = Engine.inProcess(Config.empty());
    Rdd<Integer> data = engine.parallelize(List.of(1), 1);
    engine.close();
    assertThatThrownBy(data::count).isInstanceOf(IllegalStateException.class);
  }

  static final java.util.concurrent.CountDownLatch STARTED = new java.util.concurrent.CountDownLatch(1);

  @Test
  void closingTheEngineFailsARunningActionInsteadOfHangingIt() throws Exception {
    Engine engine = Engine.inProcess(Config.of(Map.of(RddConfigKeys.ENGINE_THREADS_KEY, "1")));
    Rdd<Integer> slow = engine.parallelize(List.of(1, 2), 2).map(i -> {
      STARTED.countDown();
      Thread.sleep(60_000);
      return i;
    });
    java.util.concurrent.CompletableFuture<Long> count =
        java.util.concurrent.CompletableFuture.supplyAsync(slow::count);
    STARTED.await();
    engine.close();
    // Either the sleeping task is interrupted, or the second task can no longer be submitted.
    assertThatThrownBy(() -> count.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.ExecutionException.class)
        .satisfies(e -> assertThat(e.getCause())
            .isInstanceOfAny(OperatorException.class, IllegalStateException.class));
  }

  @Test
  void concurrentActionsOnOneEngineAreIndependent() throws Exception {
    List<Integer> data = IntStream.range(0, 10_000).boxed().toList();
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      Thread thread = new Thread(() -> {
        long sum = TestKit.engine().parallelize(data, 5).map(i -> (long) i + offset)
            .mapToPair(i -> Pair.of(i % 10, i)).reduceByKey(Long::sum).values().fold(0L, Long::sum);
        if (sum != 49_995_000L + 10_000L * offset) {
          wrong.incrementAndGet();
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(wrong).hasValue(0);
  }

  @Test
  void narrowChainsStreamInsteadOfMaterializing() {
    // A source that would run out of memory if materialized: 50 M elements generated lazily.
    Rdd<Long> huge = TestKit.engine().read("counter", new CountingSource(50_000_000L));
    long kept = huge.map(i -> i * 3).filter(i -> i % 2 == 0).take(5).size();
    assertThat(kept).isEqualTo(5);
  }

  @Test
  void closeableSourceIteratorsAreClosedAlsoAfterAFailure() {
    String id = "source-close-" + System.nanoTime();
    EVENTS.put(id, java.util.Collections.synchronizedList(new ArrayList<>()));
    Rdd<Integer> source = TestKit.engine().read("closeable", new CloseableSource(id));
    assertThat(source.count()).isEqualTo(6);
    assertThat(EVENTS.get(id)).containsExactlyInAnyOrder("closed 0", "closed 1");
    EVENTS.get(id).clear();
    assertThatThrownBy(() -> source.map(i -> 1 / (i - 2)).count()).isInstanceOf(OperatorException.class);
    assertThat(EVENTS.remove(id)).contains("closed 0");
  }

  /** Two partitions of 1..3, whose iterators record being closed. */
  private record CloseableSource(String id) implements Source<Integer> {
    @Override
    public int partitions() {
      return 2;
    }

    @Override
    public Iterator<Integer> open(int partition, TaskContext context) {
      Iterator<Integer> values = List.of(1, 2, 3).iterator();
      class Closing implements Iterator<Integer>, AutoCloseable {
        @Override
        public boolean hasNext() {
          return values.hasNext();
        }

        @Override
        public Integer next() {
          return values.next();
        }

        @Override
        public void close() {
          EVENTS.get(id).add("closed " + partition);
        }
      }
      return new Closing();
    }
  }

  private static final class Recording implements MapFn<Integer, Integer> {
    private final String id;
    private transient boolean opened;

    Recording(String id) {
      this.id = id;
    }

    @Override
    public void open(TaskContext context) {
      if (opened) {
        throw new IllegalStateException("opened twice");
      }
      opened = true;
      EVENTS.get(id).add("open");
    }

    @Override
    public Integer apply(Integer value) {
      EVENTS.get(id).add("apply");
      return value;
    }

    @Override
    public void close() {
      EVENTS.get(id).add("close");
    }
  }

  /** A non-serializable superclass without a no-arg constructor: writes fine, cannot be read. */
  private static class Base {
    Base(int ignored) {
    }
  }

  private static final class Unreadable extends Base implements MapFn<Integer, Integer> {
    Unreadable() {
      super(1);
    }

    @Override
    public Integer apply(Integer value) {
      return value;
    }
  }

  private static final class Describe implements MapFn<String, String> {
    private transient TaskContext context;
    private transient Counter calls;

    @Override
    public void open(TaskContext context) {
      this.context = context;
      this.calls = context.counter(context.operatorName() + ".calls");
    }

    @Override
    public String apply(String value) {
      calls.increment();
      return value + context.config().get("test.suffix") + "@" + context.partition() + " "
          + context.operatorName() + " " + context.clock().millis();
    }
  }

  /** One partition of 0..n-1, generated on demand. */
  private record CountingSource(long n) implements Source<Long> {
    @Override
    public int partitions() {
      return 1;
    }

    @Override
    public Iterator<Long> open(int partition, TaskContext context) {
      return new Iterator<>() {
        private long next;

        @Override
        public boolean hasNext() {
          return next < n;
        }

        @Override
        public Long next() {
          return next++;
        }
      };
    }
  }
}
