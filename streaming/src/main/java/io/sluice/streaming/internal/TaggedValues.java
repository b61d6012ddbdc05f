package io.sluice.streaming.internal;

import io.sluice.rdd.Pair;
import io.sluice.records.Event;
import io.sluice.streaming.RecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-describing encoding of state values in checkpoints: each value carries a one-byte type tag,
 * so common types (strings, numbers, booleans, bytes, pairs, lists, events) are written in a stable
 * explicit form that a later Sluice reads back, and only other types fall back to Java serialization
 * (with a warning once per class, as such state breaks when its class changes).
 */
final class TaggedValues {
  private static final Logger LOG = LoggerFactory.getLogger(TaggedValues.class);
  private static final java.util.Set<Class<?>> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte INT = 3;
  private static final byte DOUBLE = 4;
  private static final byte BOOLEAN = 5;
  private static final byte BYTES = 6;
  private static final byte PAIR = 7;
  private static final byte LIST = 8;
  private static final byte EVENT = 9;
  private static final byte OPTIONAL = 10;
  private static final byte JAVA = 127;

  private TaggedValues() {}

  static void write(Object value, DataOutput out) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      RecordCodec.strings().write(s, out);
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
      out.writeInt(bytes.length);
      out.write(bytes);
    } else if (value instanceof Pair<?, ?> pair) {
      out.writeByte(PAIR);
      write(pair.key(), out);
      write(pair.value(), out);
    } else if (value instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object element : list) {
        write(element, out);
      }
    } else if (value instanceof Event event) {
      out.writeByte(EVENT);
      RecordCodec.events().write(event, out);
    } else if (value instanceof Optional<?> optional) {
      out.writeByte(OPTIONAL);
      write(optional.orElse(null), out);
    } else if (value instanceof Serializable) {
      if (WARNED.add(value.getClass())) {
        LOG.warn("Checkpointing state of {} with Java serialization: a change to that class makes old "
            + "checkpoints unreadable", value.getClass().getName());
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
        objects.writeObject(value);
      }
      out.writeByte(JAVA);
      out.writeInt(bytes.size());
      out.write(bytes.toByteArray());
    } else {
      throw new IOException("cannot checkpoint state of " + value.getClass().getName()
          + ": it is neither a built-in type nor Serializable");
    }
  }

  static Object read(DataInput in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case STRING:
        return RecordCodec.strings().read(in);
      case LONG:
        return in.readLong();
      case INT:
        return in.readInt();
      case DOUBLE:
        return in.readDouble();
      case BOOLEAN:
        return in.readBoolean();
      case BYTES: {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
      }
      case PAIR:
        return Pair.of(read(in), read(in));
      case LIST: {
        int size = in.readInt();
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(read(in));
        }
        return list;
      }
      case EVENT:
        return RecordCodec.events().read(in);
      case OPTIONAL:
        return Optional.ofNullable(read(in));
      case JAVA: {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
          return objects.readObject();
        } catch (ClassNotFoundException e) {
          throw new IOException("checkpointed state needs class " + e.getMessage(), e);
        }
      }
      default:
        throw new IOException("unknown value tag " + tag + " in a checkpoint: written by a newer Sluice?");
    }
  }

  static void writeMap(Map<?, ?> map, DataOutput out) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      write(e.getKey(), out);
      write(e.getValue(), out);
    }
  }

  @SuppressWarnings("unchecked")
  static <K, V> void readMap(DataInput in, Map<K, V> into) throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      K key = (K) read(in);
      V value = (V) read(in);
      into.put(key, value);
    }
  }
}
