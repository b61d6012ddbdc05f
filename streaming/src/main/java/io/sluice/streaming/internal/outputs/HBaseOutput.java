package io.sluice.streaming.internal.outputs;

import io.sluice.rdd.Rdd;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import io.sluice.streaming.HBaseMapping;
import io.sluice.streaming.HBaseRow;
import io.sluice.streaming.OutputFn;
import io.sluice.streaming.internal.SerializableConfiguration;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;

/**
 * Writes each element as a row whose cells all carry the batch time as their timestamp: re-running
 * a batch rewrites identical cells, never adds to them. One HBase connection per cluster per JVM
 * (connections are heavy and thread-safe); one buffered mutator per task, flushed at its commit.
 */
public final class HBaseOutput<T> implements OutputFn<T> {
  private static final Map<String, Connection> CONNECTIONS = new ConcurrentHashMap<>();

  private final String table;
  private final HBaseMapping<T> mapping;
  private final SerializableConfiguration conf;

  public HBaseOutput(String table, HBaseMapping<T> mapping, Configuration conf) {
    this.table = table;
    this.mapping = mapping;
    this.conf = new SerializableConfiguration(conf);
  }

  @Override
  public void apply(Rdd<T> rdd, long batchTime) {
    rdd.writeTo(new HBaseSink<>(table, mapping, conf, batchTime));
  }

  static Connection connection(Configuration conf) throws IOException {
    Configuration hbase = HBaseConfiguration.create(conf);
    String cluster = hbase.get(HConstants.ZOOKEEPER_QUORUM) + ":"
        + hbase.get(HConstants.ZOOKEEPER_CLIENT_PORT) + hbase.get(HConstants.ZOOKEEPER_ZNODE_PARENT);
    synchronized (CONNECTIONS) {
      Connection connection = CONNECTIONS.get(cluster);
      if (connection == null || connection.isClosed()) {
        connection = ConnectionFactory.createConnection(hbase);
        CONNECTIONS.put(cluster, connection);
      }
      return connection;
    }
  }

  private static final class HBaseSink<T> implements Sink<T> {
    private final String table;
    private final HBaseMapping<T> mapping;
    private final SerializableConfiguration conf;
    private final long batchTime;

    HBaseSink(String table, HBaseMapping<T> mapping, SerializableConfiguration conf, long batchTime) {
      this.table = table;
      this.mapping = mapping;
      this.conf = conf;
      this.batchTime = batchTime;
    }

    @Override
    public SinkWriter<T> open(TaskContext context) throws IOException {
      BufferedMutator mutator = connection(conf.get()).getBufferedMutator(TableName.valueOf(table));
      HBaseRow row = new HBaseRow();
      return new SinkWriter<>() {
        @Override
        public void write(T value) throws Exception {
          row.clear();
          mapping.toRow(value, row);
          if (row.key() == null) {
            return;
          }
          Put put = new Put(row.key(), batchTime);
          for (byte[][] cell : row.cells()) {
            put.addColumn(cell[0], cell[1], batchTime, cell[2]);
          }
          if (!put.isEmpty()) {
            mutator.mutate(put);
          }
        }

        @Override
        public void commit() throws IOException {
          mutator.close(); // flushes
        }

        @Override
        public void abort(Throwable cause) {
          try {
            mutator.close();
          } catch (IOException ignored) {
            // the batch is retried or re-run; rows are idempotent by batch time
          }
        }
      };
    }
  }
}
