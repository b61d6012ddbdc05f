package io.sluice.rdd.internal;

import io.sluice.rdd.Action;
import io.sluice.rdd.CompareFn;
import io.sluice.rdd.ForeachFn;
import io.sluice.rdd.ForeachPartitionFn;
import io.sluice.rdd.ReduceFn;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The standard actions behind Rdd's convenience methods. Each is a small serializable class: the
 * engine ships a copy to every task, so a function held by an action is opened per task here.
 */
public final class Actions {

  private Actions() {
  }

  public static <T> Action<T, List<T>, List<T>> collect() {
    return new Take<>("collect", Integer.MAX_VALUE);
  }

  public static <T> Action<T, List<T>, List<T>> take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    return new Take<>("take", n);
  }

  public static <T> Action<T, Long, Long> count() {
    return new Count<>();
  }

  public static <T> Action<T, T, Optional<T>> reduce(ReduceFn<T> fn) {
    return new Reduce<>(Objects.requireNonNull(fn, "fn"));
  }

  public static <T> Action<T, T, T> fold(T zero, ReduceFn<T> fn) {
    return new Fold<>(Objects.requireNonNull(zero, "zero"), Objects.requireNonNull(fn, "fn"));
  }

  public static <T> Action<T, Void, Void> foreach(ForeachFn<? super T> fn) {
    Objects.requireNonNull(fn, "fn");
    return foreachPartition(new ForEach<>(fn));
  }

  public static <T> Action<T, Void, Void> foreachPartition(ForeachPartitionFn<T> fn) {
    return new ForeachPartition<>(Objects.requireNonNull(fn, "fn"));
  }

  /** The {@code n} largest by {@code order}, largest first. */
  public static <T> Action<T, List<T>, List<T>> top(int n, CompareFn<? super T> order) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    return new Top<>(n, Objects.requireNonNull(order, "order"));
  }

  public static <T> Action<T, Long, Void> write(Sink<? super T> sink) {
    return new Write<>(Objects.requireNonNull(sink, "sink"));
  }

  private record Take<T>(String name, int n) implements Action<T, List<T>, List<T>> {
    @Override
    public List<T> partition(TaskContext context, Iterator<T> elements) {
      List<T> out = new ArrayList<>();
      while (out.size() < n && elements.hasNext()) {
        out.add(elements.next());
      }
      return out;
    }

    @Override
    public List<T> merge(TaskContext context, List<List<T>> partitions) {
      List<T> all = new ArrayList<>(partitions.stream().mapToInt(List::size).sum());
      for (List<T> part : partitions) {
        all.addAll(part.subList(0, Math.min(part.size(), n - all.size())));
      }
      return all;
    }
  }

  private record Count<T>() implements Action<T, Long, Long> {
    @Override
    public String name() {
      return "count";
    }

    @Override
    public Long partition(TaskContext context, Iterator<T> elements) {
      long n = 0;
      while (elements.hasNext()) {
        elements.next();
        n++;
      }
      return n;
    }

    @Override
    public Long merge(TaskContext context, List<Long> partitions) {
      return partitions.stream().mapToLong(Long::longValue).sum();
    }
  }

  private record Reduce<T>(ReduceFn<T> fn) implements Action<T, T, Optional<T>> {
    @Override
    public String name() {
      return "reduce";
    }

    @Override
    public T partition(TaskContext context, Iterator<T> elements) throws Exception {
      fn.open(context);
      try {
        T acc = null;
        while (elements.hasNext()) {
          T value = elements.next();
          acc = acc == null ? value : fn.apply(acc, value);
        }
        return acc;
      } finally {
        fn.close();
      }
    }

    @Override
    public Optional<T> merge(TaskContext context, List<T> partitions) throws Exception {
      fn.open(context);
      try {
        T acc = null;
        for (T value : partitions) {
          if (value != null) {
            acc = acc == null ? value : fn.apply(acc, value);
          }
        }
        return Optional.ofNullable(acc);
      } finally {
        fn.close();
      }
    }
  }

  private record Fold<T>(T zero, ReduceFn<T> fn) implements Action<T, T, T> {
    @Override
    public String name() {
      return "fold";
    }

    @Override
    public T partition(TaskContext context, Iterator<T> elements) throws Exception {
      fn.open(context);
      try {
        T acc = zero;
        while (elements.hasNext()) {
          acc = fn.apply(acc, elements.next());
        }
        return acc;
      } finally {
        fn.close();
      }
    }

    @Override
    public T merge(TaskContext context, List<T> partitions) throws Exception {
      fn.open(context);
      try {
        T acc = zero;
        for (T value : partitions) {
          acc = fn.apply(acc, value);
        }
        return acc;
      } finally {
        fn.close();
      }
    }
  }

  private record ForEach<T>(ForeachFn<? super T> fn) implements ForeachPartitionFn<T> {
    @Override
    public void open(TaskContext context) throws Exception {
      fn.open(context);
    }

    @Override
    public void accept(Iterator<T> partition) throws Exception {
      while (partition.hasNext()) {
        fn.accept(partition.next());
      }
    }

    @Override
    public void close() throws Exception {
      fn.close();
    }
  }

  private record ForeachPartition<T>(ForeachPartitionFn<T> fn) implements Action<T, Void, Void> {
    @Override
    public String name() {
      return "foreach";
    }

    @Override
    public Void partition(TaskContext context, Iterator<T> elements) throws Exception {
      fn.open(context);
      try {
        fn.accept(elements);
        return null;
      } finally {
        fn.close();
      }
    }

    @Override
    public Void merge(TaskContext context, List<Void> partitions) {
      return null;
    }
  }

  private record Top<T>(int n, CompareFn<? super T> order) implements Action<T, List<T>, List<T>> {
    @Override
    public String name() {
      return "top";
    }

    @Override
    public List<T> partition(TaskContext context, Iterator<T> elements) {
      if (n == 0) {
        return List.of();
      }
      // A min-heap of the n largest so far: memory is n, not the partition.
      PriorityQueue<T> heap = new PriorityQueue<>(n, order);
      while (elements.hasNext()) {
        T value = elements.next();
        if (heap.size() < n) {
          heap.add(value);
        } else if (order.compare(value, heap.peek()) > 0) {
          heap.poll();
          heap.add(value);
        }
      }
      return new ArrayList<>(heap);
    }

    @Override
    public List<T> merge(TaskContext context, List<List<T>> partitions) throws Exception {
      order.open(context);
      try {
        List<T> all = new ArrayList<>();
        partitions.forEach(all::addAll);
        all.sort(Collections.reverseOrder(order));
        return new ArrayList<>(all.subList(0, Math.min(n, all.size())));
      } finally {
        order.close();
      }
    }
  }

  private record Write<T>(Sink<? super T> sink) implements Action<T, Long, Void> {
    @Override
    public String name() {
      return "write";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Long partition(TaskContext context, Iterator<T> elements) throws Exception {
      SinkWriter<T> writer = (SinkWriter<T>) sink.open(context);
      long written = 0;
      try {
        while (elements.hasNext()) {
          writer.write(elements.next());
          written++;
        }
        writer.commit();
      } catch (Exception | Error e) {
        writer.abort(e);
        throw e;
      }
      return written;
    }

    @Override
    public Void merge(TaskContext context, List<Long> partitions) throws Exception {
      sink.commitJob();
      return null;
    }

    @Override
    public void abort(Throwable cause) {
      sink.abortJob(cause);
    }
  }
}
