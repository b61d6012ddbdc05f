package io.sluice.batch.internal;

import io.sluice.rdd.Source;

/** A source that knows which hosts hold each partition's data (HDFS block locations). */
public interface LocatedSource<T> extends Source<T> {

  /** Hosts holding most of partition {@code partition}; empty when unknown. Driver side. */
  String[] hosts(int partition);
}
