package io.sluice.batch;

import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every element to several sinks in one pass, so a view computed once goes to Parquet and
 * HBase without running its plan twice (each action re-runs the whole plan). Commits each
 * partition's writers in order, and the sinks' jobs in order; an abort reaches all of them.
 *
 * <pre>{@code
 * counts.writeTo(TeeSink.of(ParquetSink.pairs(conf, dir, "logger", "errors"), HBaseSink.of(conf, table, toPut)));
 * }</pre>
 */
public final class TeeSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private final List<Sink<? super T>> sinks;

  private TeeSink(List<Sink<? super T>> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into an immutable list
  public static <T> TeeSink<T> of(Sink<? super T>... sinks) {
    if (sinks.length == 0) {
      throw new IllegalArgumentException("a tee needs at least one sink");
    }
    return new TeeSink<T>(List.<Sink<? super T>>of(sinks));
  }

  @Override
  @SuppressWarnings("unchecked")
  public SinkWriter<T> open(TaskContext context) throws Exception {
    List<SinkWriter<T>> writers = new ArrayList<>();
    try {
      for (Sink<? super T> sink : sinks) {
        writers.add((SinkWriter<T>) sink.open(context));
      }
    } catch (Exception | Error e) {
      writers.forEach(w -> w.abort(e));
      throw e;
    }
    return new SinkWriter<>() {
      @Override
      public void write(T value) throws Exception {
        for (SinkWriter<T> writer : writers) {
          writer.write(value);
        }
      }

      @Override
      public void commit() throws Exception {
        for (SinkWriter<T> writer : writers) {
          writer.commit();
        }
      }

      @Override
      public void abort(Throwable cause) {
        writers.forEach(w -> w.abort(cause));
      }
    };
  }

  @Override
  public void commitJob() throws Exception {
    for (Sink<? super T> sink : sinks) {
      sink.commitJob();
    }
  }

  @Override
  public void abortJob(Throwable cause) {
    sinks.forEach(s -> s.abortJob(cause));
  }
}
