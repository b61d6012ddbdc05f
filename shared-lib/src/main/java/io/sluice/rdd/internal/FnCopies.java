package io.sluice.rdd.internal;

import io.sluice.records.ValueCodec;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Serialized forms of a run's functions, made once on the driver; each task deserializes its own
 * copy. This gives every task private function state (the {@code Fn} lifecycle contract) and
 * proves on the first in-process run that a plan would also survive a trip to MapReduce.
 */
final class FnCopies {

  private final Map<Object, byte[]> serialized = new IdentityHashMap<>();
  private final ClassLoader loader;

  FnCopies(ClassLoader loader) {
    this.loader = loader;
  }

  /** Serializes {@code fn} now; fails naming the operator when it cannot be. Driver thread only. */
  void add(String operator, Serializable fn) {
    if (serialized.containsKey(fn)) {
      return;
    }
    try {
      serialized.put(fn, ValueCodec.serialize(fn));
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException("operator '" + operator + "': its function cannot be"
          + " serialized (" + e.getCause() + "); functions must capture only serializable values, see"
          + " io.sluice.rdd.Fn", e);
    }
    try {
      // Deserialize once here too: some classes serialize but cannot be read back (a
      // non-serializable superclass without a no-arg constructor), and that belongs on the driver.
      copy(fn);
    } catch (RuntimeException e) {
      serialized.remove(fn);
      throw new IllegalArgumentException("operator '" + operator + "': its function cannot be"
          + " deserialized (" + e.getCause() + "); see io.sluice.rdd.Fn", e);
    }
  }

  /** A fresh copy of {@code fn}, which must have been {@link #add added}; any thread. */
  @SuppressWarnings("unchecked")
  <F> F copy(F fn) {
    byte[] bytes = serialized.get(fn);
    if (bytes == null) {
      throw new IllegalStateException("function was not prepared for this run: " + fn);
    }
    try {
      return (F) ValueCodec.deserialize(bytes, loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load a function's class in the task", e);
    }
  }
}
