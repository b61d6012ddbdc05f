package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import org.apache.hadoop.io.BytesWritable;

/**
 * The map output key: the reduce partition (4 bytes, big-endian) followed by the
 * {@link ValueCodec}-encoded key. The partition is computed once in the map task with the same
 * hash rule as the in-process engine, so both engines put the same keys in the same partition;
 * the {@link ShufflePartitioner} only reads it back. MapReduce groups equal bytes, i.e. equal keys.
 */
final class ShuffleKeys {

  /** Bytes before the encoded key. */
  static final int PREFIX = 4;

  private ShuffleKeys() {
  }

  /** The shuffle partition of {@code key}: the in-process engine's rule (JVM-independent hash). */
  static int partition(Object key, int partitions) {
    if (partitions == 1) {
      return 0;
    }
    int h;
    if (key instanceof Enum<?> e) {
      h = e.name().hashCode();
    } else if (key.getClass().isArray()) {
      throw new IllegalArgumentException("array keys are not supported (their equals and hashCode"
          + " are identity-based); wrap them, e.g. in a List or a String");
    } else {
      h = key.hashCode();
    }
    h ^= h >>> 16;
    return Math.floorMod(h, partitions);
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
