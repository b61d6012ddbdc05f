package io.sluice.rdd.internal;

import io.sluice.rdd.FoldFn;
import io.sluice.rdd.Fn;
import io.sluice.rdd.MapFn;
import io.sluice.rdd.ReduceFn;
import io.sluice.rdd.SupplierFn;
import io.sluice.rdd.TaskContext;
import io.sluice.rdd.plan.Combiner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The {@link Combiner}s behind PairRdd's keyed aggregations; each forwards the lifecycle of its functions. */
public final class Combiners {

  private Combiners() {
  }

  public static <V> Combiner<V, V> reduce(ReduceFn<V> fn) {
    return new Reduce<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <V, U> Combiner<V, U> aggregate(SupplierFn<U> zero, FoldFn<U, ? super V> add,
      ReduceFn<U> merge) {
    return new Aggregate<>(Objects.requireNonNull(zero, "zero"), add, merge);
  }

  public static <V, C> Combiner<V, C> combine(MapFn<? super V, C> create, FoldFn<C, ? super V> add,
      ReduceFn<C> merge) {
    return new General<>(Objects.requireNonNull(create, "create"), add, merge, null);
  }

  public static <V> Combiner<V, List<V>> group() {
    return new Group<>();
  }

  /** create/add/merge from user functions; {@code extra} is one more function to open and close. */
  private static class General<V, C> implements Combiner<V, C> {
    private final MapFn<? super V, C> create;
    private final FoldFn<C, ? super V> add;
    private final ReduceFn<C> merge;
    private final Fn extra;

    General(MapFn<? super V, C> create, FoldFn<C, ? super V> add, ReduceFn<C> merge, Fn extra) {
      this.create = create;
      this.add = Objects.requireNonNull(add, "add");
      this.merge = Objects.requireNonNull(merge, "merge");
      this.extra = extra;
    }

    @Override
    public C create(V value) throws Exception {
      return create.apply(value);
    }

    @Override
    public C add(C combined, V value) throws Exception {
      return add.apply(combined, value);
    }

    @Override
    public C merge(C left, C right) throws Exception {
      return merge.apply(left, right);
    }

    @Override
    public boolean mapSide() {
      return true;
    }

    @Override
    public void open(TaskContext context) throws Exception {
      // reduceByKey passes one function as both add and merge: open each instance once.
      for (Fn fn : distinct()) {
        fn.open(context);
      }
    }

    @Override
    public void close() throws Exception {
      for (Fn fn : distinct()) {
        fn.close();
      }
    }

    private List<Fn> distinct() {
      List<Fn> fns = new ArrayList<>(4);
      for (Fn fn : new Fn[] {create, add, merge, extra}) {
        if (fn != null && fns.stream().noneMatch(f -> f == fn)) {
          fns.add(fn);
        }
      }
      return fns;
    }
  }

  private static final class Reduce<V> extends General<V, V> {
    Reduce(ReduceFn<V> fn) {
      super(null, fn, fn, null);
    }

    @Override
    public V create(V value) {
      return value;
    }
  }

  private static final class Aggregate<V, U> extends General<V, U> {
    private final SupplierFn<U> zero;

    Aggregate(SupplierFn<U> zero, FoldFn<U, ? super V> add, ReduceFn<U> merge) {
      super(null, add, merge, zero);
      this.zero = zero;
    }

    @Override
    public U create(V value) throws Exception {
      return add(zero.get(), value);
    }
  }

  private static final class Group<V> implements Combiner<V, List<V>> {
    @Override
    public List<V> create(V value) {
      List<V> values = new ArrayList<>();
      values.add(value);
      return values;
    }

    @Override
    public List<V> add(List<V> values, V value) {
      values.add(value);
      return values;
    }

    @Override
    public List<V> merge(List<V> left, List<V> right) {
      left.addAll(right);
      return left;
    }

    @Override
    public boolean mapSide() {
      return false;
    }
  }
}
