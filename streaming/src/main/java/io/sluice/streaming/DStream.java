package io.sluice.streaming;

import io.sluice.rdd.FilterFn;
import io.sluice.rdd.FlatMapFn;
import io.sluice.rdd.MapFn;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairFn;
import io.sluice.rdd.Rdd;
import io.sluice.records.Event;
import io.sluice.streaming.internal.DStreamNode;
import io.sluice.streaming.internal.TransformNode;
import io.sluice.streaming.internal.UnionNode;
import io.sluice.streaming.internal.WindowNode;
import io.sluice.streaming.internal.outputs.ArchiveOutput;
import io.sluice.streaming.internal.outputs.HBaseOutput;
import io.sluice.streaming.internal.outputs.BatchFolderOutput;
import io.sluice.streaming.internal.outputs.ParquetFormat;
import io.sluice.streaming.internal.outputs.TextFormat;
import java.time.Duration;
import java.util.function.Function;

/**
 * A stream: one {@link Rdd} per batch (or per slide, for windows). Operations build a graph before
 * the context starts; each batch, the driver computes the datasets its outputs need and runs them.
 * Shared-lib functions apply unchanged through {@link #transform}:
 *
 * <pre>{@code
 * DStream<String> lines = ctx.socketTextStream("logs", "localhost", 9999);
 * lines.transform(LogFunctions::filterErrors).named("errors")
 *     .foreachRdd((errors, time) -> alert(errors.count()));
 * }</pre>
 *
 * <p>Functions passed to map, filter and friends run inside engine tasks (serializable rules of
 * shared-lib's {@code Fn}); functions passed to {@link #transform} and {@link #foreachRdd} run on
 * the driver once per batch. Every batch may run twice after a failure, so outputs must be
 * idempotent by batch time; the built-in outputs are.
 */
public class DStream<T> {
  final StreamingContext context;
  final DStreamNode<T> node;

  DStream(StreamingContext context, DStreamNode<T> node) {
    this.context = context;
    this.node = node;
  }

  public String name() {
    return node.name();
  }

  /** Names this operator (logs, web UI, counters, checkpoints); before start only. */
  public DStream<T> named(String name) {
    node.rename(name);
    return this;
  }

  public StreamingContext context() {
    return context;
  }

  /** Applies an Rdd-to-Rdd function to each batch: how shared-lib functions run in streaming. */
  public <R> DStream<R> transform(Function<Rdd<T>, Rdd<R>> fn) {
    return new DStream<>(context, new TransformNode<>(context.graph(), name() + ".transform", node, fn));
  }

  /** Like {@link #transform}, for functions that return pairs. */
  public <K, V> PairDStream<K, V> transformToPair(Function<Rdd<T>, ? extends Rdd<Pair<K, V>>> fn) {
    return new PairDStream<>(context, new TransformNode<T, Pair<K, V>>(context.graph(),
        name() + ".transform", node, rdd -> fn.apply(rdd)));
  }

  public <R> DStream<R> map(MapFn<? super T, ? extends R> fn) {
    return derive("map", rdd -> rdd.map(fn));
  }

  public <R> DStream<R> flatMap(FlatMapFn<? super T, R> fn) {
    return derive("flatMap", rdd -> rdd.flatMap(fn));
  }

  public DStream<T> filter(FilterFn<? super T> fn) {
    return derive("filter", rdd -> rdd.filter(fn));
  }

  public <K, V> PairDStream<K, V> mapToPair(PairFn<? super T, K, V> fn) {
    return new PairDStream<>(context, new TransformNode<T, Pair<K, V>>(context.graph(),
        name() + ".mapToPair", node, rdd -> rdd.mapToPair(fn)));
  }

  public DStream<T> union(DStream<T> other) {
    return new DStream<>(context, new UnionNode<>(context.graph(), name() + "+" + other.name(), node,
        other.node));
  }

  /** Each value and how often it occurred in the batch. */
  public PairDStream<T, Long> countByValue() {
    return mapToPair(value -> Pair.of(value, 1L)).reduceByKey(Long::sum).named(name() + ".countByValue");
  }

  /** Every {@code slide}, the union of this stream's batches over the last {@code window}. */
  public DStream<T> window(Duration window, Duration slide) {
    return new DStream<>(context, new WindowNode<>(context.graph(), name() + ".window", node,
        window.toMillis(), slide.toMillis()));
  }

  /** Every {@code slide}, how many records arrived over the last {@code window}. */
  public DStream<Long> countByWindow(Duration window, Duration slide) {
    return mapToPair(value -> Pair.of("count", 1L))
        .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, window, slide)
        .named(name() + ".countByWindow")
        .map(Pair::value);
  }

  /** Runs {@code fn} on the driver with each batch's dataset; see {@link OutputFn}. */
  public void foreachRdd(OutputFn<T> fn) {
    context.graph().addOutput(name() + ".foreachRdd", node, fn);
  }

  /**
   * Writes each batch as text files, one line per element ({@code toString()}), into
   * {@code <prefix>-<batchTime>/part-NNNNN}; a batch is written to a temporary folder and renamed
   * into place, so a re-run replaces it and readers never see half a batch.
   */
  public void saveAsTextFiles(String prefix) {
    context.graph().addOutput(name() + ".saveAsTextFiles", node,
        new BatchFolderOutput<>(prefix, new TextFormat<>(), context.conf()));
  }

  /**
   * Writes each batch as Parquet files of Avro records ({@code toRecord} builds one per element, of
   * {@code schema}) into {@code <prefix>-<batchTime>/part-NNNNN.parquet}, Snappy-compressed, through
   * a temporary folder renamed into place like {@link #saveAsTextFiles}.
   */
  public void saveAsParquetFiles(String prefix, org.apache.avro.Schema schema,
      MapFn<? super T, org.apache.avro.generic.GenericRecord> toRecord) {
    context.graph().addOutput(name() + ".saveAsParquetFiles", node,
        new BatchFolderOutput<>(prefix, new ParquetFormat<>(schema, toRecord), context.conf()));
  }

  /**
   * Writes each element as one HBase row through {@code mapping}, with every cell's timestamp set to
   * the batch time: a batch run again after recovery writes identical cells, so nothing counts
   * twice. The table must exist.
   */
  public void saveToHBase(String table, HBaseMapping<T> mapping) {
    context.graph().addOutput(name() + ".saveToHBase", node,
        new HBaseOutput<>(table, mapping, context.conf()));
  }

  /**
   * Archives each batch's events into the master dataset at {@code dir}: Avro container files of
   * {@link Event}s under {@code yyyy/MM/dd/HH/} by ingest hour (UTC), one file per batch and hour,
   * written via temporary file and rename, so a re-run replaces rather than duplicates. Once an
   * hour's end plus {@code sluice.streaming.archive.allowed.lateness.ms} has passed, its folder
   * gets a {@code _SUCCESS} flag, which the Oozie coordinator waits for. A stream of {@link Event}s
   * is archived as it is; a stream of lines as events whose body is the line and whose ingest time
   * is the batch time; any other stream needs {@link #archive(String, MapFn)}.
   */
  public void archive(String dir) {
    archive(dir, null);
  }

  /** Like {@link #archive(String)}, converting each element with {@code toEvent}. */
  public void archive(String dir, MapFn<? super T, Event> toEvent) {
    context.graph().addOutput(name() + ".archive", node, new ArchiveOutput<>(dir, toEvent, context.conf()));
  }

  private <R> DStream<R> derive(String op, Function<Rdd<T>, Rdd<R>> fn) {
    return new DStream<>(context, new TransformNode<>(context.graph(), name() + "." + op, node, fn));
  }
}
