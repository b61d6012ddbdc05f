package io.sluice.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.functions.StatusMinute;
import io.sluice.rdd.Pair;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  private Object roundTrip(Object value) {
    byte[] bytes = codec.encode(value);
    return codec.decode(bytes, 0, bytes.length);
  }

  @Test
  void builtInsRoundTripAndEqualValuesEncodeEqually() {
    for (Object value : List.of("héllo", 42L, 7, 2.5, true, Pair.of("k", Pair.of(1L, "v")),
        new StatusMinute("PAID", 60_000L))) {
      assertThat(roundTrip(value)).isEqualTo(value);
      assertThat(codec.encode(value)).isEqualTo(codec.encode(roundTrip(value)));
    }
    assertThat(roundTrip(Pair.of("k", null))).isEqualTo(Pair.of("k", null));
    Event event = Event.of(java.util.Map.of("host", "h1"), new byte[] {1, 2}, 3L, 4L);
    assertThat(roundTrip(event)).isEqualTo(event);
    assertThat(codec.encode(event).length).isLessThan(40); // Avro binary, not Java serialization
    assertThat((byte[]) roundTrip(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    assertThat(codec.encode(1L)).hasSize(9);
    assertThat(codec.encode("abc")).hasSize(5);
  }

  @Test
  void avroRecordsKeepTheirSchema() {
    GenericRecord record = EventCodec.toRecord(Event.ofLine("a line", 1, 2));
    GenericRecord back = (GenericRecord) roundTrip(record);
    assertThat(back.getSchema()).isEqualTo(record.getSchema());
    assertThat(EventCodec.fromRecord(back)).isEqualTo(Event.ofLine("a line", 1, 2));
  }

  @Test
  void sharedBufferEncodingMatchesCopies() {
    byte[] shared = codec.encodeShared("key");
    assertThat(Arrays.copyOf(shared, codec.length())).isEqualTo(codec.encode("key"));
  }
}
