package io.sluice.batch.internal;

import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.mapreduce.Partitioner;

/** Reads the partition the map task already chose from the key's prefix ({@link ShuffleKeys}). */
public final class ShufflePartitioner extends Partitioner<BytesWritable, BytesWritable> {

  @Override
  public int getPartition(BytesWritable key, BytesWritable value, int partitions) {
    return ShuffleKeys.partitionOf(key.getBytes(), 0) % partitions;
  }
}
