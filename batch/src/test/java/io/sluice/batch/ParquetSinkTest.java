package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.rdd.Pair;
import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parquet schemas given and derived, on the local file system and the local job runner. */
@Timeout(60)
class ParquetSinkTest {

  @TempDir
  Path tmp;

  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set(BatchConfigKeys.WORK_DIR_KEY, tmp.resolve("work").toString());
    return conf;
  }

  @Test
  void avroRecordsKeepTheirSchemaAndEmptyPartitionsWriteNoFile() throws Exception {
    String dir = tmp.resolve("events").toString();
    try (BatchContext ctx = BatchContext.mapReduce(conf())) {
      ctx.engine().parallelize(List.of("a", "b", "c"), 5)
          .map(line -> EventCodec.toRecord(Event.ofLine(line, 1L, 2L)))
          .writeTo(ParquetSink.records(ctx.conf(), dir));
      List<GenericRecord> back = ctx.parquetFile(dir).collect();
      assertThat(back).extracting(r -> EventCodec.fromRecord(r).line()).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(back.get(0).getSchema().getFullName()).isEqualTo("io.sluice.records.Event");
    }
    try (Stream<Path> files = Files.list(tmp.resolve("events"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
          .hasSize(3);
    }
  }

  @Test
  void nestedPairsGetANestedDerivedSchema() {
    String dir = tmp.resolve("joined").toString();
    try (BatchContext ctx = BatchContext.inProcess(conf())) {
      ctx.engine().parallelize(List.of(Pair.of("k", Pair.of(1L, "x")), Pair.of("m", Pair.of(2L, (String) null))), 1)
          .writeTo(ParquetSink.<String, Pair<Long, String>>pairs(ctx.conf(), dir, "key", "joined"));
      List<GenericRecord> back = ctx.parquetFile(dir).collect();
      assertThat(back).hasSize(2);
      Schema joined = back.get(0).getSchema().getField("joined").schema().getTypes().get(1);
      assertThat(joined.getType()).isEqualTo(Schema.Type.RECORD);
      assertThat(((GenericRecord) back.get(0).get("joined")).get("key")).isEqualTo(1L);
    }
  }
}
