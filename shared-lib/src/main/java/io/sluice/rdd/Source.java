package io.sluice.rdd;

import io.sluice.rdd.internal.ListSource;
import java.util.Iterator;
import java.util.List;

/**
 * Where a dataset's elements come from, split into partitions that are read independently and in
 * parallel. Streaming implements it over a micro-batch's blocks, batch over input splits; tests use
 * {@link #of(List, int)}. Turn one into an {@link Rdd} with {@link Engine#read}.
 *
 * <p>{@link #partitions()} is called on the driver when an action runs. {@link #open} is called in
 * each task, possibly concurrently for different partitions, so it must be thread-safe. The source
 * object is shared by the tasks of an in-process run and serialized for distributed engines: keep
 * its state small and immutable. If the returned iterator implements {@link AutoCloseable} the
 * engine closes it when the task ends, also after a failure. Iterators must not yield {@code null}.
 *
 * <pre>{@code
 * Rdd<String> lines = engine.read("block-17", new MySource(blockIds));
 * }</pre>
 */
public interface Source<T> extends java.io.Serializable {

  /** How many partitions there are; at least 1. */
  int partitions();

  /** An iterator over partition {@code partition} (0-based). */
  Iterator<T> open(int partition, TaskContext context) throws Exception;

  /**
   * A source over a copy of {@code elements} split into {@code partitions} contiguous, nearly equal
   * slices (some empty when there are fewer elements than partitions). Elements must be non-null.
   */
  static <T> Source<T> of(List<T> elements, int partitions) {
    return new ListSource<>(elements, partitions);
  }
}
