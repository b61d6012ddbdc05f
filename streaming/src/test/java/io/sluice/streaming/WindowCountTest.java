package io.sluice.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.streaming.internal.ManualBatchClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WindowCountTest {
  private static final long T0 = 1_800_000_000_000L;

  @Test
  void countByWindowAndCountByValueFollowTheBatches(@TempDir Path tmp) {
    ManualBatchClock clock = new ManualBatchClock(T0);
    Configuration conf = new Configuration(false);
    conf.setLong(StreamingConfigKeys.BLOCK_INTERVAL_MS_KEY, 20);
    StreamingContext ctx = new StreamingContext(conf, Duration.ofSeconds(1), clock)
        .checkpoint(tmp.toUri().toString());
    QueueReceiver<String> receiver = new QueueReceiver<>();
    Map<Long, List<Long>> windowCounts = new ConcurrentHashMap<>();
    Map<Long, Map<String, Long>> valueCounts = new ConcurrentHashMap<>();
    DStream<String> words = ctx.receiverStream("words", receiver, RecordCodec.strings());
    words.countByWindow(Duration.ofSeconds(2), Duration.ofSeconds(1))
        .foreachRdd((rdd, t) -> windowCounts.put(t, rdd.collect()));
    words.countByValue().foreachRdd((rdd, t) -> valueCounts.put(t, io.sluice.rdd.PairRdd.of(rdd).collectAsMap()));
    ctx.start();
    try {
      for (List<String> batch : List.of(List.of("a", "b", "a"), List.of("c"), List.<String>of())) {
        long acknowledged = receiver.acknowledged();
        receiver.offer(batch);
        await().until(() -> receiver.acknowledged() == acknowledged + batch.size());
        clock.advance(1000);
        long time = clock.nowMillis();
        await().until(() -> ctx.lastCompletedBatchTime() >= time);
      }
      assertThat(windowCounts).containsEntry(T0 + 1000, List.of(3L)).containsEntry(T0 + 2000, List.of(4L))
          .containsEntry(T0 + 3000, List.of(1L));
      assertThat(valueCounts).containsEntry(T0 + 1000, Map.of("a", 2L, "b", 1L))
          .containsEntry(T0 + 2000, Map.of("c", 1L)).containsEntry(T0 + 3000, Map.of());
    } finally {
      ctx.stop(false);
    }
  }
}
