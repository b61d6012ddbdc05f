package io.sluice.streaming.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentNameTest {

  @Test
  void parsesTheNamesItWrites() {
    SegmentName name = new SegmentName(42, 1_732_150_000_000L, 1_732_150_060_000L);

    assertThat(name.fileName()).isEqualTo("wal-0000000042-1732150000000-1732150060000");
    assertThat(SegmentName.parse(name.fileName())).contains(name);
  }

  @Test
  void ignoresFilesThatAreNotSegments() {
    assertThat(SegmentName.parse("wal-1-2")).isEmpty();
    assertThat(SegmentName.parse(".wal-0000000001-0-1000.crc")).isEmpty();
    assertThat(SegmentName.parse("wal-0000000001-0-1000.tmp")).isEmpty();
    assertThat(SegmentName.parse("wal-99999999999999999999-0-1")).isEmpty();
  }

  @Test
  void ordersByCreationNotByTime() {
    List<SegmentName> names = new ArrayList<>(List.of(
        new SegmentName(10, 0, 1000), new SegmentName(2, 5000, 6000), new SegmentName(9, 100, 200)));
    names.sort(null);

    assertThat(names).extracting(SegmentName::seq).containsExactly(2L, 9L, 10L);
  }
}
