package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import org.apache.hadoop.io.BytesWritable;

/**
 * The map output key: the reduce partition (4 bytes, big-endian) followed by the
 * {@link ValueCodec}-encoded key. The partition is computed once in the map task with the same
 * hash rule as the in-process engine, so both engines put the same keys in the same partition;
 * the {@link ShufflePartitioner} only reads it back. The rule is shared-lib's {@link
 * io.sluice.rdd.plan.Partitioning}. MapReduce groups equal bytes, i.e. equal keys.
 */
final class ShuffleKeys {

  /** Bytes before the encoded key. */
  static final int PREFIX = 4;

  private ShuffleKeys() {
  }

  static void set(BytesWritable out, int partition, byte[] encoded, int length) {
    out.setSize(PREFIX + length);
    byte[] bytes = out.getBytes();
    bytes[0] = (byte) (partition >>> 24);
    bytes[1] = (byte) (partition >>> 16);
    bytes[2] = (byte) (partition >>> 8);
    bytes[3] = (byte) partition;
    System.arraycopy(encoded, 0, bytes, PREFIX, length);
  }

  static int partitionOf(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
  }
}
