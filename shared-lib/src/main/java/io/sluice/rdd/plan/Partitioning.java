package io.sluice.rdd.plan;

/**
 * Which shuffle partition a key goes to: the one rule every engine uses, so the same key lands in
 * the same partition in-process and on MapReduce (a stable hash: enums by name, arrays refused).
 */
public final class Partitioning {

  private Partitioning() {
  }

  public static int partition(Object key, int partitions) {
    int h;
    if (key instanceof Enum<?> e) {
      // Enum hashCode is identity-based and differs per JVM; the name is stable.
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
}
