package io.sluice.streaming;

import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * How a receiver's records cross a boundary: into a write-ahead log block and out again after a
 * restart. Codecs appear only there, never on every operator. Implementations must be stateless and
 * thread-safe (one instance serves every block of a receiver).
 *
 * <pre>{@code
 * ctx.receiverStream("lines", new MyReceiver(), RecordCodec.strings());
 * }</pre>
 */
public interface RecordCodec<T> extends Serializable {

  void write(T record, DataOutput out) throws IOException;

  T read(DataInput in) throws IOException;

  /** UTF-8 strings, length-prefixed. */
  static RecordCodec<String> strings() {
    return Strings.INSTANCE;
  }

  /** Ingested events in their Avro binary form ({@link EventCodec}). */
  static RecordCodec<Event> events() {
    return Events.INSTANCE;
  }

  /**
   * Java serialization, for record types without a codec of their own: slow and fragile across
   * class changes, so prefer a real codec for anything that lives long in a log.
   */
  static <T extends Serializable> RecordCodec<T> javaSerialization() {
    return new JavaSerialization<>();
  }

  /** The {@link #strings()} codec. */
  enum Strings implements RecordCodec<String> {
    INSTANCE;

    @Override
    public void write(String record, DataOutput out) throws IOException {
      byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public String read(DataInput in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The {@link #events()} codec. */
  enum Events implements RecordCodec<Event> {
    INSTANCE;

    /** EventCodec reuses its buffers, so each thread gets its own. */
    private static final ThreadLocal<EventCodec> CODEC = ThreadLocal.withInitial(EventCodec::new);

    @Override
    public void write(Event record, DataOutput out) throws IOException {
      byte[] bytes = CODEC.get().encode(record);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public Event read(DataInput in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return CODEC.get().decode(bytes);
    }
  }

  /** The {@link #javaSerialization()} codec. */
  final class JavaSerialization<T extends Serializable> implements RecordCodec<T> {
    @Override
    public void write(T record, DataOutput out) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
        objects.writeObject(record);
      }
      out.writeInt(bytes.size());
      out.write(bytes.toByteArray());
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read(DataInput in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
        return (T) objects.readObject();
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot read a record: " + e.getMessage(), e);
      }
    }
  }
}
