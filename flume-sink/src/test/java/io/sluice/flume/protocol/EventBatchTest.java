package io.sluice.flume.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBatchTest {

  @Test
  void eventsRoundTripWithKeysAndEventTimes() {
    Map<String, String> manyHeaders = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      manyHeaders.put("h" + i, "v" + i);
    }
    EventBatch batch = new EventBatch.Builder().reset(3)
        .add(Map.of("timestamp", "1700000000123", "host", "a"), "first".getBytes(UTF_8))
        .add(Map.of(), new byte[0])
        .add(manyHeaders, "x".repeat(10_000).getBytes(UTF_8))
        .build("s-1")
        .validate();

    assertThat(batch.count()).isEqualTo(3);
    List<FlumeEvent> events = batch.events();
    assertThat(events.get(0).headers()).containsExactlyInAnyOrderEntriesOf(
        Map.of("timestamp", "1700000000123", "host", "a"));
    assertThat(new String(events.get(0).body(), UTF_8)).isEqualTo("first");
    assertThat(events.get(1).headers()).isEmpty();
    assertThat(events.get(1).body()).isEmpty();
    assertThat(events.get(2).headers()).containsExactlyEntriesOf(manyHeaders);
    assertThat(events.get(2).body()).hasSize(10_000);
    assertThat(batch.eventTime(0)).isEqualTo(1700000000123L);
    assertThat(batch.eventTime(1)).isEqualTo(EventBatch.NO_EVENT_TIME);
    assertThat(batch.keys()).containsExactly(
        EventBatch.key(Map.of("timestamp", "1700000000123", "host", "a"), "first".getBytes(UTF_8)),
        EventBatch.key(Map.of(), new byte[0]),
        EventBatch.key(manyHeaders, "x".repeat(10_000).getBytes(UTF_8)));
  }

  @Test
  void aNonNumericTimestampMeansNoEventTime() {
    EventBatch batch = new EventBatch.Builder().reset(1)
        .add(Map.of("timestamp", "yesterday"), "b".getBytes(UTF_8)).build("s");
    assertThat(batch.eventTime(0)).isEqualTo(EventBatch.NO_EVENT_TIME);
  }

  @Test
  void keysIgnoreHeaderOrderAndTellContentApart() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    byte[] body = "body".getBytes(UTF_8);
    assertThat(EventBatch.key(ab, body)).isEqualTo(EventBatch.key(ba, body));
    assertThat(EventBatch.key(ab, body)).isNotEqualTo(EventBatch.key(ab, "bodz".getBytes(UTF_8)));
    assertThat(EventBatch.key(Map.of("h", "a"), "body".getBytes(UTF_8)))
        .isNotEqualTo(EventBatch.key(Map.of("h", "ab"), "ody".getBytes(UTF_8)));
    assertThat(EventBatch.key(Map.of("eventId", "x-1"), body))
        .isNotEqualTo(EventBatch.key(Map.of("eventId", "x-2"), body));
    assertThat(EventBatch.key(Map.of("a", "1", "b", "2"), body))
        .isNotEqualTo(EventBatch.key(Map.of("a", "2", "b", "1"), body));
  }

  @Test
  void aDamagedBatchIsRefusedNamingWhatIsWrong() {
    EventBatch batch = new EventBatch.Builder().reset(2)
        .add(Map.of("k", "v"), "one".getBytes(UTF_8))
        .add(Map.of(), "two".getBytes(UTF_8)).build("s-9");
    java.nio.ByteBuffer index = batch.index();
    index.put(1, (byte) 0x7f); // event 0's length, big-endian: now far more than came
    assertThatThrownBy(batch::validate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s-9").hasMessageContaining("covers");
    index.put(1, (byte) 0);
    index.put(3, (byte) 1);
    assertThatThrownBy(batch::validate).hasMessageContaining("event 0 claims 1 bytes");
  }

  @Test
  void writesWhatAvroWritesForAnyHeaderText() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ascii", "plain");
    headers.put("ключ", "значение ☃");
    headers.put("emoji", "😀");
    headers.put("lone", "a\uD800b"); // an unpaired surrogate: Avro writes '?', as String.getBytes
    headers.put("", "");
    byte[] body = new byte[300]; // a body length over one varint byte
    EventBatch batch = new EventBatch.Builder().reset(2).add(headers, body)
        .add(Map.of(), "x".getBytes(UTF_8)).build("s").validate();

    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder avro =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(expected, null);
    avro.writeMapStart();
    avro.setItemCount(headers.size());
    for (Map.Entry<String, String> header : headers.entrySet()) {
      avro.startItem();
      avro.writeString(header.getKey());
      avro.writeString(header.getValue());
    }
    avro.writeMapEnd();
    avro.writeBytes(body);
    avro.writeMapStart();
    avro.setItemCount(0);
    avro.writeMapEnd();
    avro.writeBytes("x".getBytes(UTF_8));
    avro.flush();
    byte[] sent = new byte[batch.eventBytes().remaining()];
    batch.eventBytes().get(sent);
    assertThat(sent).isEqualTo(expected.toByteArray());
    assertThat(batch.length(0) + batch.length(1)).isEqualTo(sent.length);
  }

  @Test
  void aBuilderIsReusedBatchAfterBatchAndHoldsNoMoreThanItWasResetFor() {
    EventBatch.Builder builder = new EventBatch.Builder();
    EventBatch first = builder.reset(2).add(Map.of("a", "1"), "one".getBytes(UTF_8)).build("1");
    EventBatch second = builder.reset(2).add(Map.of(), "two".getBytes(UTF_8))
        .add(Map.of("b", "2"), "three".getBytes(UTF_8)).build("2");
    assertThat(first.events()).extracting(e -> new String(e.body(), UTF_8)).containsExactly("one");
    assertThat(second.events()).extracting(e -> new String(e.body(), UTF_8))
        .containsExactly("two", "three");
    assertThatThrownBy(() -> builder.reset(1).add(Map.of(), new byte[1]).add(Map.of(), new byte[1]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theWireFormIsAvroReflectsWithTheEventsLast() throws Exception {
    org.apache.avro.Schema schema = org.apache.avro.reflect.ReflectData.get().getSchema(EventBatch.class);
    List<org.apache.avro.Schema.Field> fields = schema.getFields();
    assertThat(fields.get(fields.size() - 1).name()).isEqualTo("events");

    EventBatch served = new EventBatch.Builder().reset(2)
        .add(Map.of("timestamp", "5", "host", "h"), "one".getBytes(UTF_8))
        .add(Map.of(), "x".repeat(20_000).getBytes(UTF_8)).build("seq-7");
    for (EventBatch batch : List.of(served, EventBatch.empty(), EventBatch.failed("busy ☃"))) {
      java.io.ByteArrayOutputStream reflect = new java.io.ByteArrayOutputStream();
      org.apache.avro.io.BinaryEncoder encoder =
          org.apache.avro.io.EncoderFactory.get().binaryEncoder(reflect, null);
      new org.apache.avro.reflect.ReflectDatumWriter<EventBatch>(schema).write(batch, encoder);
      encoder.flush();

      java.io.ByteArrayOutputStream ours = new java.io.ByteArrayOutputStream();
      encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(ours, null);
      java.nio.ByteBuffer events = batch.writeAllButEvents(encoder);
      encoder.flush();
      ours.write(events.array(), events.position(), events.remaining());
      assertThat(ours.toByteArray()).isEqualTo(reflect.toByteArray());

      EventBatch read = EventBatch.read(
          org.apache.avro.io.DecoderFactory.get().binaryDecoder(reflect.toByteArray(), null));
      assertThat(read.sequence()).isEqualTo(batch.sequence());
      assertThat(read.count()).isEqualTo(batch.count());
      assertThat(read.error()).isEqualTo(batch.error());
      assertThat(read.index()).isEqualTo(batch.index());
      assertThat(read.eventBytes()).isEqualTo(batch.eventBytes());
    }
  }

  /** EventBatch as sinks and receivers before the events went last wrote and read it. */
  private static final String FORMER_SCHEMA = "{\"type\": \"record\", \"name\": \"EventBatch\", "
      + "\"namespace\": \"io.sluice.flume.protocol\", \"fields\": ["
      + "{\"name\": \"count\", \"type\": \"int\"}, "
      + "{\"name\": \"error\", \"type\": [\"null\", \"string\"], \"default\": null}, "
      + "{\"name\": \"events\", \"type\": {\"type\": \"bytes\", \"java-class\": \"[B\"}}, "
      + "{\"name\": \"index\", \"type\": {\"type\": \"bytes\", \"java-class\": \"[B\"}}, "
      + "{\"name\": \"sequence\", \"type\": \"string\"}]}";

  @Test
  void sinksAndReceiversOfTheFormerFieldOrderReadEachOther() throws Exception {
    org.apache.avro.Schema former = new org.apache.avro.Schema.Parser().parse(FORMER_SCHEMA);
    org.apache.avro.Schema current = org.apache.avro.reflect.ReflectData.get().getSchema(EventBatch.class);
    EventBatch batch = new EventBatch.Builder().reset(1)
        .add(Map.of("k", "v"), "body".getBytes(UTF_8)).build("seq-3");

    // A former sink's answer, read by this receiver through Avro's resolution.
    org.apache.avro.generic.GenericData.Record old = new org.apache.avro.generic.GenericData.Record(former);
    old.put("count", 1);
    old.put("error", null);
    old.put("events", batch.eventBytes());
    old.put("index", batch.index());
    old.put("sequence", "seq-3");
    java.io.ByteArrayOutputStream formerBytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(formerBytes, null);
    new org.apache.avro.generic.GenericDatumWriter<Object>(former).write(old, encoder);
    encoder.flush();
    EventBatch read = new org.apache.avro.reflect.ReflectDatumReader<EventBatch>(former, current)
        .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(formerBytes.toByteArray(), null));
    assertThat(read.validate().sequence()).isEqualTo("seq-3");
    assertThat(read.eventBytes()).isEqualTo(batch.eventBytes());

    // This sink's answer, read by a former receiver.
    java.io.ByteArrayOutputStream currentBytes = new java.io.ByteArrayOutputStream();
    encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(currentBytes, null);
    java.nio.ByteBuffer events = batch.writeAllButEvents(encoder);
    encoder.flush();
    currentBytes.write(events.array(), events.position(), events.remaining());
    org.apache.avro.generic.GenericRecord formerRead =
        new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(current, former)
            .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(currentBytes.toByteArray(), null));
    assertThat(formerRead.get("events")).isEqualTo(batch.eventBytes());
    assertThat(formerRead.get("sequence").toString()).isEqualTo("seq-3");
  }
}
