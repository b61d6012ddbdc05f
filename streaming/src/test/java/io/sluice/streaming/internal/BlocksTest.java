package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.records.Event;
import io.sluice.records.GrowableBuffer;
import io.sluice.streaming.RecordCodec;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlocksTest {

  @Test
  void stringsEventsAndOtherRecordsComeBackAsTheyWent() {
    List<String> lines = List.of("first", "", "naïve ☃", "x".repeat(10_000));
    assertThat(roundTrip(lines, RecordCodec.strings())).isEqualTo(lines);

    List<Event> events = List.of(Event.ofLine("a", Map.of("host", "dn-1"), 1, 2),
        Event.of(Map.of(), new byte[] {0, (byte) 0xff}, 3, 4));
    assertThat(roundTrip(events, RecordCodec.events())).isEqualTo(events);

    List<Point> points = List.of(new Point(1, 2), new Point(3, 4));
    assertThat(roundTrip(points, RecordCodec.javaSerialization())).isEqualTo(points);
  }

  @Test
  void recordsAddedAsBytesReadLikeEncodedOnes() {
    Blocks.Builder<String> builder = new Blocks.Builder<>(RecordCodec.strings(), 1024, 16);
    builder.add("one", size -> { });
    GrowableBuffer encoded = new GrowableBuffer(16);
    for (String s : List.of("two", "three")) {
      encoded.writeInt(s.length());
      encoded.write(s.getBytes(), 0, s.length());
    }
    builder.addEncoded(encoded.array(), 0, encoded.size(), 2);

    assertThat(list(Blocks.decode(builder.build().bytes(), RecordCodec.strings())))
        .containsExactly("one", "two", "three");
  }

  @Test
  void anOversizedRecordIsLeftOutAndReported() {
    List<Integer> oversized = new ArrayList<>();
    Blocks.Encoded block = Blocks.encode(List.of("small", "y".repeat(200), "also small"),
        RecordCodec.strings(), 100, oversized::add);

    assertThat(block.records()).isEqualTo(2);
    assertThat(oversized).containsExactly(204);
    assertThat(list(Blocks.decode(block.bytes(), RecordCodec.strings())))
        .containsExactly("small", "also small");
  }

  @Test
  void aTruncatedBlockFailsNamingTheRecord() {
    for (RecordCodec<?> codec : List.of(RecordCodec.strings(), RecordCodec.events())) {
      @SuppressWarnings("unchecked")
      RecordCodec<Object> any = (RecordCodec<Object>) codec;
      Object record = codec == RecordCodec.strings() ? "a line" : Event.ofLine("a line", 1, 2);
      byte[] bytes = Blocks.encode(List.of(record, record), any, 1 << 20, size -> { }).bytes();
      byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

      Iterator<Object> records = Blocks.decode(truncated, any);
      assertThat(records.next()).isEqualTo(record);
      assertThatThrownBy(records::next).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("corrupt block: record 2 of 2");
    }
    assertThatThrownBy(() -> Blocks.decode(new byte[] {9, 0, 0, 0, 1}, RecordCodec.strings()))
        .hasMessageContaining("block format version 9 is not known");
  }

  private static <T> List<T> roundTrip(List<T> records, RecordCodec<T> codec) {
    return list(Blocks.decode(Blocks.encode(records, codec, 1 << 20, size -> { }).bytes(), codec));
  }

  private static <T> List<T> list(Iterator<T> records) {
    List<T> out = new ArrayList<>();
    records.forEachRemaining(out::add);
    return out;
  }

  record Point(int x, int y) implements Serializable {}
}
