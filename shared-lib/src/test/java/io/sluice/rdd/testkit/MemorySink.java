package io.sluice.rdd.testkit;

import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Sink} that keeps what was committed in memory, per partition. Sinks are serialized to
 * tasks, so the data lives in a static registry keyed by the sink's id, not in the object.
 *
 * <pre>{@code
 * MemorySink<String> sink = MemorySink.create();
 * rdd.writeTo(sink);
 * assertThat(sink.committed()).containsExactly("a", "b");
 * }</pre>
 */
public final class MemorySink<T> implements Sink<T> {

  private static final Map<String, State> STATES = new ConcurrentHashMap<>();

  private final String id;

  private MemorySink(String id) {
    this.id = id;
  }

  public static <T> MemorySink<T> create() {
    String id = UUID.randomUUID().toString();
    STATES.put(id, new State());
    return new MemorySink<>(id);
  }

  @Override
  public SinkWriter<T> open(TaskContext context) {
    int partition = context.partition();
    List<T> buffer = new ArrayList<>();
    return new SinkWriter<>() {
      @Override
      public void write(T value) {
        buffer.add(value);
      }

      @Override
      public void commit() {
        state().partitions.put(partition, List.copyOf(buffer));
      }

      @Override
      public void abort(Throwable cause) {
        state().aborted.add(partition);
      }
    };
  }

  @Override
  public void commitJob() {
    state().jobCommitted = true;
  }

  @Override
  public void abortJob(Throwable cause) {
    state().jobAborted = true;
  }

  /** Elements of every committed partition, in partition order. */
  @SuppressWarnings("unchecked")
  public List<T> committed() {
    List<T> all = new ArrayList<>();
    new TreeMap<>(state().partitions).values().forEach(p -> all.addAll((List<T>) p));
    return all;
  }

  public boolean jobCommitted() {
    return state().jobCommitted;
  }

  public boolean jobAborted() {
    return state().jobAborted;
  }

  /** Partitions whose writer was aborted. */
  public List<Integer> abortedPartitions() {
    return List.copyOf(state().aborted);
  }

  private State state() {
    return STATES.get(id);
  }

  private static final class State {
    final Map<Integer, List<?>> partitions = new ConcurrentHashMap<>();
    final List<Integer> aborted = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean jobCommitted;
    volatile boolean jobAborted;
  }
}
