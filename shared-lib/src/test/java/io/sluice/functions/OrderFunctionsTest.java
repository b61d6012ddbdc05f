package io.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.rdd.Pair;
import io.sluice.rdd.testkit.TestKit;
import io.sluice.rdd.testkit.TestKit.TestRun;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderFunctionsTest {

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void parsesIsoAndEpochTimestamps() {
    assertThat(OrderEvent.parse("2026-11-20T10:15:02Z,o-1,paid , 59.90")).isEqualTo(
        new OrderEvent(millis("2026-11-20T10:15:02Z"), "o-1", "PAID", new BigDecimal("59.90")));
    assertThat(OrderEvent.parse("1763633702000,o-2,REFUNDED,-5").amount()).isEqualByComparingTo("-5");
  }

  @Test
  void rejectsMalformedEvents() {
    for (String line : new String[] {null, "", "a,b,c", "a,b,c,d,e", "2026-11-20T10:15:02Z,,PAID,1",
        "2026-11-20T10:15:02Z,o,,1", "yesterday,o,PAID,1", "2026-11-20T10:15:02Z,o,PAID,ten",
        "99999999999999999999,o,PAID,1"}) {
      assertThat(OrderEvent.parse(line)).as(line).isNull();
    }
  }

  @Test
  void countsPerStatusPerMinuteCountsAndDeadLettersMalformedLines() {
    List<String> lines = List.of(
        "2026-11-20T10:15:02Z,o-1,CREATED,10.00",
        "2026-11-20T10:15:40Z,o-2,CREATED,12.00",
        "2026-11-20T10:16:01Z,o-1,PAID,10.00",
        "garbage",
        "2026-11-20T10:15:59.999Z,o-3,created,1.00",
        "2026-11-20T10:16:00Z,o-4,PAID,not-a-number");
    TestRun<Pair<StatusMinute, Long>> run =
        TestKit.runWithCounters(OrderFunctions::countsPerStatusPerMinute, lines);
    assertThat(run.output()).containsExactlyInAnyOrder(
        Pair.of(new StatusMinute("CREATED", millis("2026-11-20T10:15:00Z")), 3L),
        Pair.of(new StatusMinute("PAID", millis("2026-11-20T10:16:00Z")), 1L));
    assertThat(run.counter("parse-orders.malformed")).isEqualTo(2);
    assertThat(TestKit.run(OrderFunctions::deadLetters, lines))
        .containsExactly("garbage", "2026-11-20T10:16:00Z,o-4,PAID,not-a-number");
  }

  @Test
  void statusMinuteReadsWell() {
    assertThat(new StatusMinute("PAID", millis("2026-11-20T10:16:00Z"))).hasToString("PAID@2026-11-20T10:16:00Z");
  }
}
