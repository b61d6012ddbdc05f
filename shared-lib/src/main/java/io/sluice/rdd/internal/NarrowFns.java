package io.sluice.rdd.internal;

import io.sluice.rdd.Emitter;
import io.sluice.rdd.FilterFn;
import io.sluice.rdd.FlatMapFn;
import io.sluice.rdd.Fn;
import io.sluice.rdd.MapFn;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PartitionFn;
import io.sluice.rdd.TaskContext;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Compiles the element-wise operators into {@link PartitionFn}s, the one narrow shape of the plan.
 * Every adapter forwards {@code open}/{@code close} to the user function it wraps, because the
 * engine only sees the adapter. The iterators are lazy: a partition streams through a chain of
 * them one element at a time.
 */
public final class NarrowFns {

  private NarrowFns() {
  }

  public static <T, R> PartitionFn<T, R> map(MapFn<? super T, ? extends R> fn) {
    return new MapOp<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <T> PartitionFn<T, T> filter(FilterFn<? super T> fn) {
    return new FilterOp<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <T, R> PartitionFn<T, R> flatMap(FlatMapFn<? super T, R> fn) {
    return new FlatMapOp<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <T> FilterFn<T> sample(double fraction, long seed) {
    return new Sample<>(fraction, seed);
  }

  public static <T, K> MapFn<T, Pair<K, T>> keyBy(MapFn<? super T, ? extends K> fn) {
    return new KeyBy<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <K, V, W> MapFn<Pair<K, V>, Pair<K, W>> mapValues(MapFn<? super V, ? extends W> fn) {
    return new MapValues<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <K, V, W> FlatMapFn<Pair<K, V>, Pair<K, W>> flatMapValues(
      FlatMapFn<? super V, W> fn) {
    return new FlatMapValues<>(Objects.requireNonNull(fn, "fn"));
  }

  /** {@code distinct}: the element as key. */
  public static <T> Pair<T, Boolean> selfPair(T value) {
    return Pair.of(value, Boolean.TRUE);
  }

  /** {@code distinct}: all values are TRUE, so keeping either is associative and commutative. */
  public static <T> T first(T a, T b) {
    return a;
  }

  public static <V> Long one(V value) {
    return 1L;
  }

  /** Shapes a two-parent cogroup's value lists as a typed pair. */
  @SuppressWarnings("unchecked")
  public static <K, V, W> FlatMapFn<Pair<K, List<List<?>>>, Pair<K, Pair<List<V>, List<W>>>>
      cogrouped() {
    return (groups, out) -> out.emit(Pair.of(groups.key(),
        Pair.of((List<V>) groups.value().get(0), (List<W>) groups.value().get(1))));
  }

  @SuppressWarnings("unchecked")
  public static <K, V, W> FlatMapFn<Pair<K, List<List<?>>>, Pair<K, Pair<V, W>>> innerJoin() {
    return (groups, out) -> {
      for (Object left : groups.value().get(0)) {
        for (Object right : groups.value().get(1)) {
          out.emit(Pair.of(groups.key(), Pair.of((V) left, (W) right)));
        }
      }
    };
  }

  @SuppressWarnings("unchecked")
  public static <K, V, W> FlatMapFn<Pair<K, List<List<?>>>, Pair<K, Pair<V, W>>> leftOuterJoin() {
    return (groups, out) -> {
      List<?> rights = groups.value().get(1);
      for (Object left : groups.value().get(0)) {
        if (rights.isEmpty()) {
          out.emit(Pair.of(groups.key(), Pair.of((V) left, null)));
        }
        for (Object right : rights) {
          out.emit(Pair.of(groups.key(), Pair.of((V) left, (W) right)));
        }
      }
    };
  }

  /** Forwards the lifecycle to the one user function an adapter wraps. */
  private abstract static class Wrapper implements Fn {
    private final Fn inner;

    Wrapper(Fn inner) {
      this.inner = inner;
    }

    @Override
    public void open(TaskContext context) throws Exception {
      inner.open(context);
    }

    @Override
    public void close() throws Exception {
      inner.close();
    }
  }

  private static final class MapOp<T, R> extends Wrapper implements PartitionFn<T, R> {
    private final MapFn<? super T, ? extends R> fn;

    MapOp(MapFn<? super T, ? extends R> fn) {
      super(fn);
      this.fn = fn;
    }

    @Override
    public Iterator<R> apply(Iterator<T> input) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public R next() {
          T value = input.next();
          try {
            return fn.apply(value);
          } catch (Exception e) {
            throw UserException.unchecked(e);
          }
        }
      };
    }
  }

  private static final class FilterOp<T> extends Wrapper implements PartitionFn<T, T> {
    private final FilterFn<? super T> fn;

    FilterOp(FilterFn<? super T> fn) {
      super(fn);
      this.fn = fn;
    }

    @Override
    public Iterator<T> apply(Iterator<T> input) {
      return new Iterator<>() {
        private T next;

        @Override
        public boolean hasNext() {
          while (next == null && input.hasNext()) {
            T value = input.next();
            try {
              if (fn.test(value)) {
                next = value;
              }
            } catch (Exception e) {
              throw UserException.unchecked(e);
            }
          }
          return next != null;
        }

        @Override
        public T next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          T value = next;
          next = null;
          return value;
        }
      };
    }
  }

  private static final class FlatMapOp<T, R> extends Wrapper implements PartitionFn<T, R> {
    private final FlatMapFn<? super T, R> fn;

    FlatMapOp(FlatMapFn<? super T, R> fn) {
      super(fn);
      this.fn = fn;
    }

    @Override
    public Iterator<R> apply(Iterator<T> input) {
      // Holds the output of one input element only, so memory stays bounded by the largest fan-out.
      ArrayDeque<R> buffer = new ArrayDeque<>();
      Emitter<R> emitter = value -> buffer.add(Objects.requireNonNull(value,
          "emitted null; datasets never hold null"));
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          while (buffer.isEmpty() && input.hasNext()) {
            T value = input.next();
            try {
              fn.apply(value, emitter);
            } catch (Exception e) {
              throw UserException.unchecked(e);
            }
          }
          return !buffer.isEmpty();
        }

        @Override
        public R next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return buffer.poll();
        }
      };
    }
  }

  private static final class Sample<T> implements FilterFn<T> {
    private final double fraction;
    private final long seed;
    private transient SplittableRandom random;

    Sample(double fraction, long seed) {
      this.fraction = fraction;
      this.seed = seed;
    }

    @Override
    public void open(TaskContext context) {
      // Seeded per partition: repeatable, yet partitions do not all keep the same positions.
      random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (context.partition() + 1)));
    }

    @Override
    public boolean test(T value) {
      return random.nextDouble() < fraction;
    }
  }

  private static final class KeyBy<T, K> extends Wrapper implements MapFn<T, Pair<K, T>> {
    private final MapFn<? super T, ? extends K> fn;

    KeyBy(MapFn<? super T, ? extends K> fn) {
      super(fn);
      this.fn = fn;
    }

    @Override
    public Pair<K, T> apply(T value) throws Exception {
      return Pair.of(fn.apply(value), value);
    }
  }

  private static final class MapValues<K, V, W> extends Wrapper
      implements MapFn<Pair<K, V>, Pair<K, W>> {
    private final MapFn<? super V, ? extends W> fn;

    MapValues(MapFn<? super V, ? extends W> fn) {
      super(fn);
      this.fn = fn;
    }

    @Override
    public Pair<K, W> apply(Pair<K, V> pair) throws Exception {
      return Pair.of(pair.key(), fn.apply(pair.value()));
    }
  }

  private static final class FlatMapValues<K, V, W> extends Wrapper
      implements FlatMapFn<Pair<K, V>, Pair<K, W>> {
    private final FlatMapFn<? super V, W> fn;

    FlatMapValues(FlatMapFn<? super V, W> fn) {
      super(fn);
      this.fn = fn;
    }

    @Override
    public void apply(Pair<K, V> pair, Emitter<Pair<K, W>> out) throws Exception {
      K key = pair.key();
      fn.apply(pair.value(), value -> out.emit(Pair.of(key, value)));
    }
  }
}
