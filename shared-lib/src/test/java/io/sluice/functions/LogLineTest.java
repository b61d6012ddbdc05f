package io.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.functions.LogLine.Level;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LogLineTest {

  @Test
  void parsesTimestampLevelLoggerAndMessage() {
    LogLine line = LogLine.parse(
        "2026-11-20 10:15:02,123 ERROR org.apache.hadoop.hdfs.DataNode: disk /data/3 failed: EIO");
    assertThat(line).isEqualTo(new LogLine(Instant.parse("2026-11-20T10:15:02.123Z").toEpochMilli(),
        Level.ERROR, "org.apache.hadoop.hdfs.DataNode", "disk /data/3 failed: EIO"));
  }

  @Test
  void acceptsPaddedLevelsThreadsIsoSeparatorsAndEmptyMessages() {
    assertThat(LogLine.parse("2026-11-20 10:15:02,123 INFO  a.B: padded").level()).isEqualTo(Level.INFO);
    assertThat(LogLine.parse("2026-11-20 10:15:02,123 WARN [main] a.B: threaded").logger()).isEqualTo("a.B");
    assertThat(LogLine.parse("2026-11-20T10:15:02.123 DEBUG a.B: iso").level()).isEqualTo(Level.DEBUG);
    assertThat(LogLine.parse("2026-11-20 10:15:02,123 FATAL a.B:").message()).isEmpty();
    assertThat(LogLine.level("2026-11-20 10:15:02,123 TRACE a.B: x")).isEqualTo(Level.TRACE);
    assertThat(LogLine.logger("2026-11-20 10:15:02,123 INFO ns:a.B: colon inside")).isEqualTo("ns:a.B");
    assertThat(LogLine.logger("2026-11-20 10:15:02,123 INFO  [x y] a.B:")).isEqualTo("a.B");
  }

  @Test
  void rejectsMalformedLinesWithoutThrowing() {
    String[] malformed = {
        null, "", "garbage", "2026-11-20 10:15:02,123",
        "2026-11-20 10:15:02,123 ERROR", "2026-11-20 10:15:02,123 ERROR nologgercolon",
        "2026-11-20 10:15:02,123 OOPS a.B: level", "2026-13-20 10:15:02,123 INFO a.B: month",
        "2026-11-20 25:15:02,123 INFO a.B: hour", "2026-11-2x 10:15:02,123 INFO a.B: digit",
        "2026-11-20 10:15:02,123 INFO : empty logger", "2026-11-20 10:15:02,123 INFO a b: space",
        "2026-11-20 10:15:02,123 INFO [main a.B: thread", "20261120 10:15:02,123 INFO a.B: short date",
        "2026-11-20 10:15:02,123 INFO a.B:no-space", "2026-11-20 10:15:02,123 INFO a.B :x",
        "2026-11-20 10:15:02,123 INFO [main] ", "2026-11-20 10:15:02,123 INFO a.B",
    };
    for (String line : malformed) {
      assertThat(LogLine.parse(line)).as(line).isNull();
      assertThat(LogLine.level(line)).as(line).isNull();
      assertThat(LogLine.logger(line)).as(line).isNull();
    }
  }

  @Test
  void civilDaysMatchJavaTime() {
    for (LocalDate d = LocalDate.of(1899, 12, 25); d.isBefore(LocalDate.of(2101, 3, 5)); d = d.plusDays(13)) {
      assertThat(LogLine.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as(d.toString()).isEqualTo(d.toEpochDay());
    }
  }
}
