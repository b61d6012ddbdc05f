package io.sluice.streaming;

import io.sluice.rdd.MapFn;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.ReduceFn;
import io.sluice.streaming.internal.DStreamNode;
import io.sluice.streaming.internal.KeyedStateNode;
import io.sluice.streaming.internal.ReducedWindowNode;
import io.sluice.streaming.internal.TransformNode;
import java.time.Duration;

/**
 * A stream of key-value pairs, with keyed operations per batch, over windows and across batches
 * (state). Windowed and stateful results are kept on the driver and checkpointed after every batch,
 * so recovery resumes them exactly.
 *
 * <pre>{@code
 * PairDStream<String, Long> perLevel = lines.mapToPair(l -> Pair.of(LogLine.level(l), 1L));
 * perLevel.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(30), Duration.ofSeconds(1))
 *     .saveToHBase("levels", HBaseMapping.longCounts("w", "count"));
 * }</pre>
 */
public final class PairDStream<K, V> extends DStream<Pair<K, V>> {

  PairDStream(StreamingContext context, DStreamNode<Pair<K, V>> node) {
    super(context, node);
  }

  /** Views a stream of pairs as a PairDStream. */
  public static <K, V> PairDStream<K, V> of(DStream<Pair<K, V>> pairs) {
    return pairs instanceof PairDStream<K, V> p ? p : new PairDStream<>(pairs.context, pairs.node);
  }

  @Override
  public PairDStream<K, V> named(String name) {
    super.named(name);
    return this;
  }

  /** Per batch: the values of each key merged by an associative {@code fn}. */
  public PairDStream<K, V> reduceByKey(ReduceFn<V> fn) {
    return new PairDStream<>(context, new TransformNode<Pair<K, V>, Pair<K, V>>(context.graph(),
        name() + ".reduceByKey", node, rdd -> PairRdd.of(rdd).reduceByKey(fn)));
  }

  public <W> PairDStream<K, W> mapValues(MapFn<? super V, ? extends W> fn) {
    return new PairDStream<>(context, new TransformNode<Pair<K, V>, Pair<K, W>>(context.graph(),
        name() + ".mapValues", node, rdd -> PairRdd.of(rdd).mapValues(fn)));
  }

  /** Per batch: the inner join of this stream's pairs with {@code other}'s of the same batch. */
  public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
    DStreamNode<Pair<K, W>> right = other.node;
    return new PairDStream<>(context, new io.sluice.streaming.internal.JoinNode<>(context.graph(),
        name() + ".join." + other.name(), node, right));
  }

  /**
   * Every {@code slide}, each key's values over the last {@code window} merged by {@code reduce}
   * (recomputed from per-batch partial results kept on the driver).
   */
  public PairDStream<K, V> reduceByKeyAndWindow(ReduceFn<V> reduce, Duration window, Duration slide) {
    return new PairDStream<>(context, new ReducedWindowNode<>(context.graph(),
        name() + ".reduceByKeyAndWindow", node, reduce, null, window.toMillis(), slide.toMillis()));
  }

  /**
   * Like {@link #reduceByKeyAndWindow(ReduceFn, Duration, Duration)}, updated incrementally: the
   * previous window's value, plus batches that entered, minus (through {@code inverse}, which must
   * undo {@code reduce}) batches that left. Keys leave once no batch in the window has them.
   */
  public PairDStream<K, V> reduceByKeyAndWindow(ReduceFn<V> reduce, ReduceFn<V> inverse,
      Duration window, Duration slide) {
    return new PairDStream<>(context, new ReducedWindowNode<>(context.graph(),
        name() + ".reduceByKeyAndWindow", node, reduce, inverse, window.toMillis(), slide.toMillis()));
  }

  /**
   * Keyed state across batches: each batch, every key with new values or existing state gets its
   * state updated by {@code fn}; the stream carries every key's current state each batch.
   */
  public <S> PairDStream<K, S> updateStateByKey(UpdateStateFn<V, S> fn) {
    return new PairDStream<>(context, KeyedStateNode.updating(context.graph(),
        name() + ".updateStateByKey", node, fn));
  }

  /**
   * Keyed state across batches, emitting what {@code spec}'s function returns for each value (and for
   * each key timing out).
   */
  public <S, R> DStream<R> mapWithState(StateSpec<K, V, S, R> spec) {
    return new DStream<>(context, KeyedStateNode.mapping(context.graph(), name() + ".mapWithState",
        node, spec));
  }
}
