package io.sluice.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();
  private final Event event = Event.ofLine("2026-11-20 10:15:02,123 ERROR a.B: naïve ☃",
      Map.of("host", "dn-3", "topic", "hdfs"), 1_795_168_502_123L, 1_795_168_503_000L);

  @Test
  void schemaHasHeadersBodyAndBothTimes() {
    assertThat(EventCodec.SCHEMA.getFullName()).isEqualTo("io.sluice.records.Event");
    assertThat(EventCodec.SCHEMA.getFields()).extracting(f -> f.name())
        .containsExactly("headers", "body", "eventTime", "ingestTime");
    assertThat(EventCodec.SCHEMA.getField("eventTime").schema().getLogicalType().getName())
        .isEqualTo("timestamp-millis");
  }

  @Test
  void binaryRoundTripKeepsEverything() {
    Event back = codec.decode(codec.encode(event));
    assertThat(back).isEqualTo(event);
    assertThat(back.line()).isEqualTo("2026-11-20 10:15:02,123 ERROR a.B: naïve ☃");
    assertThat(back.header("host")).isEqualTo("dn-3");
    Event other = Event.ofLine("", 1, 2);
    assertThat(codec.decode(codec.encode(other))).isEqualTo(other);
    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
  }

  @Test
  void binaryIsWhatAvrosGenericDatumWriterWritesAndReads() throws Exception {
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(expected, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(
        EventCodec.SCHEMA).write(EventCodec.toRecord(event), encoder);
    encoder.flush();

    assertThat(codec.encode(event)).isEqualTo(expected.toByteArray());
    org.apache.avro.generic.GenericRecord read =
        new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(
            EventCodec.SCHEMA).read(null, org.apache.avro.io.DecoderFactory.get()
            .binaryDecoder(codec.encode(event), null));
    assertThat(EventCodec.fromRecord(read)).isEqualTo(event);
    // Avro may split a map into several blocks; the decoder reads them all.
    java.io.ByteArrayOutputStream blocks = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder e2 =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(blocks, null);
    e2.writeLong(1);
    e2.writeString("a");
    e2.writeString("1");
    e2.writeLong(1);
    e2.writeString("b");
    e2.writeString("2");
    e2.writeLong(0);
    e2.writeBytes(new byte[] {'x'});
    e2.writeLong(5);
    e2.writeLong(6);
    e2.flush();
    assertThat(codec.decode(blocks.toByteArray()))
        .isEqualTo(Event.of(Map.of("a", "1", "b", "2"), new byte[] {'x'}, 5, 6));
  }

  @Test
  void decodesFromAnOffsetInALargerBuffer() {
    byte[] frame = codec.encode(event);
    byte[] padded = new byte[frame.length + 7];
    System.arraycopy(frame, 0, padded, 3, frame.length);
    assertThat(codec.decode(padded, 3, frame.length)).isEqualTo(event);
  }

  @Test
  void garbageOrTruncatedBytesAreRejectedClearly() {
    byte[] frame = codec.encode(event);
    byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 3);
    assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an Event");
    assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(codec.decode(frame)).isEqualTo(event); // the codec is still usable
  }

  @Test
  void eventsAreValuesThatCopyTheirInput() {
    byte[] body = "x".getBytes(StandardCharsets.UTF_8);
    Event e = Event.of(Map.of(), body, 1, 2);
    body[0] = 'y';
    assertThat(e.line()).isEqualTo("x");
    e.body()[0] = 'z';
    assertThat(e.line()).isEqualTo("x");
    assertThat(e).isEqualTo(Event.ofLine("x", 1, 2)).hasSameHashCodeAs(Event.ofLine("x", 1, 2));
    assertThatThrownBy(() -> e.headers().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void containerFileRoundTripLikeTheArchive() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(EventCodec.SCHEMA))) {
      writer.create(EventCodec.SCHEMA, file);
      writer.append(EventCodec.toRecord(event));
      writer.append(EventCodec.toRecord(Event.ofLine("second", 5, 6)));
    }
    List<Event> read = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(
        new SeekableByteArrayInput(file.toByteArray()), new GenericDatumReader<>())) {
      reader.forEach(record -> read.add(EventCodec.fromRecord(record)));
    }
    assertThat(read).containsExactly(event, Event.ofLine("second", 5, 6));
    assertThat(new ByteArrayInputStream(file.toByteArray()).readNBytes(3)).containsExactly('O', 'b', 'j');
  }

  @Test
  void decodedEventsReadTheirHeadersAndBodyFromTheirOwnCopyOfTheRecord() {
    java.util.LinkedHashMap<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("host", "h1");
    headers.put("ключ", "значение");
    headers.put("seq", "42");
    Event original = Event.ofLine("body ☃", headers, 5, 6);
    byte[] frame = codec.encode(original);
    byte[] block = new byte[frame.length + 7];
    System.arraycopy(frame, 0, block, 3, frame.length);

    Event decoded = codec.decode(block, 3, frame.length);
    java.util.Arrays.fill(block, (byte) 0); // the caller's buffer may be reused at once
    // Single headers are found without decoding the others, names compared as bytes or strings.
    assertThat(decoded.header("seq")).isEqualTo("42");
    assertThat(decoded.header("ключ")).isEqualTo("значение");
    assertThat(decoded.header("se")).isNull();
    assertThat(decoded.header("seqq")).isNull();
    assertThat(decoded.line()).isEqualTo("body ☃");
    assertThat(decoded.bodyLength()).isEqualTo("body ☃".getBytes(StandardCharsets.UTF_8).length);
    assertThat(decoded.bodyBuffer().remaining()).isEqualTo(decoded.bodyLength());
    assertThat(decoded.body()).isEqualTo("body ☃".getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.eventTimeMillis()).isEqualTo(5);
    assertThat(decoded.ingestTimeMillis()).isEqualTo(6);
    assertThat(decoded).isEqualTo(original).hasSameHashCodeAs(original)
        .hasToString(original.toString());
    assertThat(decoded.headers()).containsExactlyEntriesOf(headers);
    assertThat(decoded.header("host")).isEqualTo("h1"); // from the decoded map now
    assertThat(codec.encode(decoded)).isEqualTo(frame);
    assertThatThrownBy(() -> decoded.bodyBuffer().put((byte) 0))
        .isInstanceOf(java.nio.ReadOnlyBufferException.class);

    byte[] bareFrame = codec.encode(Event.ofLine("no headers", 1, 2));
    Event bare = codec.decode(bareFrame, 0, bareFrame.length);
    assertThat(bare).isEqualTo(Event.ofLine("no headers", 1, 2));
    assertThat(bare.header("x")).isNull();
    assertThat(bare.headers()).isEmpty();
  }

  @Test
  void aRepeatedHeaderNameReadsAsItsLastValueBothWays() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder out =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    try {
      out.writeLong(2);
      out.writeString("a");
      out.writeString("1");
      out.writeString("a");
      out.writeString("2");
      out.writeLong(0);
      out.writeBytes(new byte[] {'x'});
      out.writeLong(5);
      out.writeLong(6);
      out.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] frame = bytes.toByteArray();
    assertThat(codec.decode(frame, 0, frame.length).header("a")).isEqualTo("2");
    assertThat(codec.decode(frame, 0, frame.length).headers()).containsExactly(Map.entry("a", "2"));
    assertThat(codec.decode(frame).header("a")).isEqualTo("2");
  }

  @Test
  void decodingChecksTheWholeLayoutUpFront() {
    byte[] frame = codec.encode(Event.ofLine("x", Map.of("k", "v"), 1, 2));
    byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 1);
    assertThatThrownBy(() -> codec.decode(truncated, 0, truncated.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an Event");
    byte[] trailing = java.util.Arrays.copyOf(frame, frame.length + 1);
    assertThatThrownBy(() -> codec.decode(trailing, 0, trailing.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing data");
    byte[] longKey = frame.clone();
    longKey[1] = 100; // the key "k" claims 50 bytes
    assertThatThrownBy(() -> codec.decode(longKey, 0, longKey.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a length of 50");
  }

  @Test
  void aDecodedEventKeepsOnlyItsRecordAndSerializesAsAnyOther() throws Exception {
    byte[] frame = codec.encode(Event.ofLine("line", Map.of("k", "v"), 1, 2));
    byte[] block = new byte[1 << 20];
    System.arraycopy(frame, 0, block, 100, frame.length);
    Event decoded = codec.decode(block, 100, frame.length);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(decoded);
    }
    assertThat(bytes.size()).isLessThan(2000);
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Event back = (Event) in.readObject();
      assertThat(back).isEqualTo(decoded);
      assertThat(back.header("k")).isEqualTo("v");
    }
  }
}
