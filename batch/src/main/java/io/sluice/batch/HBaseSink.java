package io.sluice.batch;

import io.sluice.batch.internal.SerializableConf;
import io.sluice.rdd.Counter;
import io.sluice.rdd.MapFn;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;

/**
 * Writes a dataset to an existing HBase table: a user function turns each element into a
 * {@link Put} (or {@code null} to write nothing), and each task sends them through a
 * {@link BufferedMutator}, flushed when its partition commits.
 *
 * <p><b>Idempotence.</b> A task or a whole job may run again; give every cell an explicit
 * timestamp chosen by the caller (the reconciled interval's end, say) with
 * {@code put.addColumn(family, qualifier, ts, value)}, so a re-run overwrites the same cell version
 * instead of adding one. Nothing is visible only after {@code commitJob}: a failed job may leave
 * some rows written, which a re-run overwrites.
 *
 * <p><b>Where code runs.</b> Built on the client with its configuration (ZooKeeper quorum etc.),
 * serialized to every task; each task opens its own connection in {@link #open} and closes it on
 * commit or abort. {@code toPut} follows the {@link io.sluice.rdd.Fn} lifecycle.
 *
 * <pre>{@code
 * long ts = hourEnd.toEpochMilli();
 * counts.writeTo(HBaseSink.of(ctx.conf(), "sluice_views", p ->
 *     new Put(Bytes.toBytes(p.key())).addColumn(BATCH, ERRORS, ts, Bytes.toBytes(p.value()))));
 * }</pre>
 */
public final class HBaseSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private final SerializableConf conf;
  private final String table;
  private final MapFn<? super T, Put> toPut;

  private HBaseSink(Configuration conf, String table, MapFn<? super T, Put> toPut) {
    // HBaseConfiguration adds hbase-default.xml and hbase-site.xml (ZooKeeper quorum) under conf.
    this.conf = new SerializableConf(HBaseConfiguration.create(conf));
    this.table = Objects.requireNonNull(table, "table");
    this.toPut = Objects.requireNonNull(toPut, "toPut");
  }

  public static <T> HBaseSink<T> of(Configuration conf, String table, MapFn<? super T, Put> toPut) {
    return new HBaseSink<>(conf, table, toPut);
  }

  public String table() {
    return table;
  }

  @Override
  public SinkWriter<T> open(TaskContext context) throws Exception {
    toPut.open(context);
    Counter puts = context.counter(context.operatorName() + ".hbase-puts");
    Connection connection = ConnectionFactory.createConnection(conf.get());
    BufferedMutator mutator;
    try {
      mutator = connection.getBufferedMutator(new BufferedMutatorParams(TableName.valueOf(table)));
    } catch (Exception e) {
      connection.close();
      throw e;
    }
    return new SinkWriter<>() {
      @Override
      public void write(T value) throws Exception {
        Put put = toPut.apply(value);
        if (put != null) {
          mutator.mutate(put);
          puts.increment();
        }
      }

      @Override
      public void commit() throws Exception {
        try {
          mutator.close();
        } finally {
          connection.close();
          toPut.close();
        }
      }

      @Override
      public void abort(Throwable cause) {
        for (AutoCloseable c : new AutoCloseable[] {mutator, connection, toPut::close}) {
          try {
            c.close();
          } catch (Exception e) {
            cause.addSuppressed(e);
          }
        }
      }
    };
  }
}
