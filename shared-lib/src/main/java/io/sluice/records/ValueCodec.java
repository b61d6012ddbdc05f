package io.sluice.records;

import io.sluice.rdd.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How engines write values whose type the plan does not carry: keys and values crossing a MapReduce
 * shuffle and the intermediate files between jobs, and keyed state in streaming checkpoints. A
 * one-byte type tag, then a compact body. Built-ins for null, String, Long, Integer, Double, Boolean,
 * byte[], {@link Pair} (recursively), {@link Event} (its Avro binary), Avro {@link SpecificRecord} (class name + binary) and
 * {@link GenericRecord} (schema JSON + binary; parsed schemas are cached per JVM); anything else
 * goes through Java serialization, with one WARN per class and JVM so that a slow type is noticed.
 *
 * <p>Why tags instead of a codec chosen per type up front: the plan carries no element types
 * (lambdas erase them), and a tag costs one byte. Equal keys must encode to equal bytes, since
 * MapReduce groups by bytes: true for every built-in, and for Java serialization of value records
 * made of such fields (not for hash-ordered collections, which the Pair docs already discourage).
 *
 * <p>The tags are a stored format (checkpoints outlive a jar): add new ones, never renumber.
 *
 * <p>Not thread-safe: one instance per task (it reuses its buffers).
 */
public final class ValueCodec {

  private static final Logger LOG = LoggerFactory.getLogger(ValueCodec.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte INT = 3;
  private static final byte DOUBLE = 4;
  private static final byte BOOLEAN = 5;
  private static final byte BYTES = 6;
  private static final byte PAIR = 7;
  private static final byte SPECIFIC = 8;
  private static final byte GENERIC = 9;
  private static final byte JAVA = 10;
  private static final byte EVENT = 11;

  private final ClassLoader loader;
  private final GrowableBuffer buffer = new GrowableBuffer(256);
  private final DataOutputStream out = new DataOutputStream(buffer);
  private EventCodec events;
  private BinaryEncoder avroEncoder;
  private BinaryDecoder avroDecoder;

  public ValueCodec(ClassLoader loader) {
    this.loader = loader;
  }

  /** The encoded form of {@code value}; the returned array is a fresh copy. */
  public byte[] encode(Object value) {
    return Arrays.copyOf(encodeShared(value), length());
  }

  /** Encodes into a reused buffer: valid until the next call; length in {@link #length()}. */
  public byte[] encodeShared(Object value) {
    buffer.reset();
    try {
      write(value);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a " + value.getClass().getName(), e);
    }
    return buffer.array();
  }

  /** Length of the last {@link #encodeShared} result. */
  public int length() {
    return buffer.size();
  }

  public Object decode(byte[] bytes, int offset, int length) {
    try {
      return read(new DataInputStream(new ByteArrayInputStream(bytes, offset, length)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a shuffled value", e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load a shuffled value's class in this task", e);
    }
  }

  private void write(Object value) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVarInt(utf8.length);
      out.write(utf8);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (value instanceof byte[] bytes) {
      out.writeByte(BYTES);
      writeVarInt(bytes.length);
      out.write(bytes);
    } else if (value instanceof Event event) {
      out.writeByte(EVENT);
      byte[] bytes = eventCodec().encode(event);
      writeVarInt(bytes.length);
      out.write(bytes);
    } else if (value instanceof Pair<?, ?> pair) {
      out.writeByte(PAIR);
      write(pair.key());
      write(pair.value());
    } else if (value instanceof SpecificRecord record && !(value instanceof org.apache.avro.generic.GenericData.Record)) {
      out.writeByte(SPECIFIC);
      out.writeUTF(record.getClass().getName());
      writeAvro(new SpecificDatumWriter<>(record.getSchema()), record);
    } else if (value instanceof GenericRecord record) {
      out.writeByte(GENERIC);
      byte[] schema = record.getSchema().toString().getBytes(StandardCharsets.UTF_8);
      writeVarInt(schema.length);
      out.write(schema);
      writeAvro(new GenericDatumWriter<>(record.getSchema()), record);
    } else {
      out.writeByte(JAVA);
      if (WARNED.add(value.getClass().getName())) {
        LOG.warn("Shuffling {} with Java serialization (slow and bulky); prefer String, Long,"
            + " Integer, Double, byte[], Pair or an Avro record for keys and values that cross a"
            + " shuffle", value.getClass().getName());
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
      try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
        objects.writeObject(value);
      }
      writeVarInt(bytes.size());
      bytes.writeTo(out);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void writeAvro(org.apache.avro.io.DatumWriter writer, Object record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    avroEncoder = EncoderFactory.get().binaryEncoder(bytes, avroEncoder);
    writer.write(record, avroEncoder);
    avroEncoder.flush();
    writeVarInt(bytes.size());
    bytes.writeTo(out);
  }

  private Object read(DataInputStream in) throws IOException, ClassNotFoundException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case STRING: {
        byte[] utf8 = new byte[readVarInt(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
      }
      case LONG:
        return in.readLong();
      case INT:
        return in.readInt();
      case DOUBLE:
        return in.readDouble();
      case BOOLEAN:
        return in.readBoolean();
      case BYTES: {
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        return bytes;
      }
      case EVENT: {
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        return eventCodec().decode(bytes);
      }
      case PAIR: {
        Object key = read(in);
        return Pair.of(key, read(in));
      }
      case SPECIFIC: {
        Class<?> type = Class.forName(in.readUTF(), true, loader);
        Schema schema;
        try {
          schema = (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
          throw new IOException("Avro class " + type.getName() + " has no SCHEMA$", e);
        }
        return readAvro(in, new SpecificDatumReader<>(schema));
      }
      case GENERIC: {
        byte[] json = new byte[readVarInt(in)];
        in.readFully(json);
        Schema schema = SCHEMAS.computeIfAbsent(new String(json, StandardCharsets.UTF_8),
            text -> new Schema.Parser().parse(text));
        return readAvro(in, new GenericDatumReader<>(schema));
      }
      case JAVA: {
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        try (ObjectInputStream objects = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
          return objects.readObject();
        }
      }
      default:
        throw new IOException("unknown shuffle type tag " + tag);
    }
  }

  private Object readAvro(DataInputStream in, org.apache.avro.io.DatumReader<?> reader) throws IOException {
    byte[] bytes = new byte[readVarInt(in)];
    in.readFully(bytes);
    avroDecoder = DecoderFactory.get().binaryDecoder(bytes, avroDecoder);
    return reader.read(null, avroDecoder);
  }

  private EventCodec eventCodec() {
    if (events == null) {
      events = new EventCodec();
    }
    return events;
  }

  private void writeVarInt(int value) throws IOException {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  private static int readVarInt(DataInputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed length in a shuffled value");
  }

  /** Resolves classes through the task's class loader (user classes live in the job jar). */
  static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // fall through: primitives and the JDK's own classes
        }
      }
      return super.resolveClass(desc);
    }
  }

  /**
   * Java-serializes {@code value} (plans, functions, action results). Avro generic records are not
   * {@code Serializable}; they travel as {@link AvroForm} (schema + binary) and come back as
   * generic records, so {@code collect()} of Parquet rows works as in-process.
   *
   * @throws UncheckedIOException when something in {@code value} is not serializable
   */
  public static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (ObjectOutputStream objects = new AvroReplacingOutputStream(bytes)) {
      objects.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static final class AvroReplacingOutputStream extends ObjectOutputStream {
    AvroReplacingOutputStream(OutputStream out) throws IOException {
      super(out);
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      if (obj instanceof org.apache.avro.generic.GenericData.Record record) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(data, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new AvroForm(record.getSchema().toString(), data.toByteArray());
      }
      return obj;
    }
  }

  /** The serialized form of an Avro generic record; resolves back to one. */
  private record AvroForm(String schema, byte[] data) implements java.io.Serializable {
    private Object readResolve() throws java.io.ObjectStreamException {
      Schema parsed = SCHEMAS.computeIfAbsent(schema, text -> new Schema.Parser().parse(text));
      try {
        return new GenericDatumReader<GenericRecord>(parsed)
            .read(null, DecoderFactory.get().binaryDecoder(data, null));
      } catch (IOException e) {
        throw new java.io.InvalidObjectException("unreadable Avro record: " + e);
      }
    }
  }

  /** Reads what {@link #serialize} wrote, resolving classes through {@code loader}. */
  public static Object deserialize(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
    try (ObjectInputStream objects = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
      return objects.readObject();
    }
  }
}
