package io.sluice.batch.jobs;

import io.sluice.batch.BatchContext;
import io.sluice.batch.BatchJob;
import io.sluice.batch.HBaseSink;
import io.sluice.batch.ParquetSink;
import io.sluice.batch.TeeSink;
import io.sluice.functions.LogFunctions;
import io.sluice.functions.LogLine;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.records.Event;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The batch view the Oozie coordinator runs every hour: ERROR/FATAL log lines of archived events,
 * counted per logger and UTC minute, written to Parquet and (optionally) to HBase.
 *
 * <p>Arguments: {@code <archive glob> <parquet dir> [<hbase table> <cell timestamp millis>]}. The
 * HBase rows are {@code <logger>|<minute start millis>}, column {@code b:errors} (8-byte long),
 * every cell written with the given timestamp, so re-running an hour overwrites its cells. The
 * table is created (family {@code b}) when missing.
 *
 * <pre>{@code
 * BatchMain --job io.sluice.batch.jobs.ErrorsPerLoggerPerMinute \
 *     /sluice/archive/2026/11/20/10 /sluice/views/errors/2026/11/20/10 sluice_views 1795172400000
 * }</pre>
 */
public final class ErrorsPerLoggerPerMinute implements BatchJob {

  /** The Parquet schema of the output. */
  public static final Schema SCHEMA = SchemaBuilder.record("ErrorsPerLoggerPerMinute")
      .namespace("io.sluice.views").fields()
      .requiredString("logger")
      .name("minute").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
      .noDefault()
      .requiredLong("errors")
      .endRecord();

  public static final byte[] FAMILY = Bytes.toBytes("b");
  public static final byte[] ERRORS = Bytes.toBytes("errors");

  @Override
  public int run(BatchContext ctx, String[] args) throws IOException {
    if (args.length != 2 && args.length != 4) {
      throw new IllegalArgumentException("expected <archive glob> <parquet dir>"
          + " [<hbase table> <cell timestamp millis>], got " + args.length + " arguments");
    }
    PairRdd<Pair<String, Long>, Long> counts = compute(ctx.archive(args[0]).map(Event::line));
    ParquetSink<Pair<Pair<String, Long>, Long>> parquet =
        ParquetSink.of(ctx.conf(), args[1], SCHEMA, ErrorsPerLoggerPerMinute::toRecord);
    if (args.length == 2) {
      counts.writeTo(parquet);
      return 0;
    }
    long ts = Long.parseLong(args[3]);
    ensureTable(ctx.conf(), args[2]);
    // One pass over the archive for both outputs: each action would re-run the whole plan.
    counts.writeTo(TeeSink.of(parquet, HBaseSink.<Pair<Pair<String, Long>, Long>>of(ctx.conf(), args[2],
        p -> new Put(Bytes.toBytes(p.key().key() + "|" + p.key().value()))
            .addColumn(FAMILY, ERRORS, ts, Bytes.toBytes(p.value())))));
    return 0;
  }

  /** ERROR and FATAL lines per (logger, minute start millis); malformed lines counted, not fatal. */
  public static PairRdd<Pair<String, Long>, Long> compute(io.sluice.rdd.Rdd<String> lines) {
    return LogFunctions.filterErrors(lines)
        .mapToPair(line -> {
          LogLine parsed = LogLine.parse(line);
          return Pair.of(Pair.of(parsed.logger(), Math.floorDiv(parsed.timestampMillis(), 60_000L) * 60_000L), 1L);
        })
        .reduceByKey(Long::sum).named("errors-per-logger-per-minute");
  }

  /** Creates {@code table} with family {@code b} when it does not exist yet (on the client). */
  static void ensureTable(Configuration conf, String table) throws IOException {
    try (Connection connection = ConnectionFactory.createConnection(HBaseConfiguration.create(conf));
         Admin admin = connection.getAdmin()) {
      TableName name = TableName.valueOf(table);
      if (!admin.tableExists(name)) {
        try {
          admin.createTable(TableDescriptorBuilder.newBuilder(name)
              .setColumnFamily(ColumnFamilyDescriptorBuilder.of(FAMILY)).build());
        } catch (TableExistsException e) {
          // another run created it meanwhile
        }
      }
    }
  }

  /** Runs in the tasks; {@link #SCHEMA} is initialized in each task JVM with this class. */
  static GenericRecord toRecord(Pair<Pair<String, Long>, Long> p) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("logger", p.key().key());
    record.put("minute", p.key().value());
    record.put("errors", p.value());
    return record;
  }
}
