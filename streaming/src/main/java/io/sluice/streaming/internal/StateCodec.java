package io.sluice.streaming.internal;

import io.sluice.records.ValueCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Writes operator state into checkpoints with shared-lib's {@link ValueCodec} (self-describing,
 * stable tags; Java serialization only for types it does not know), each value length-prefixed.
 * One per save or restore: the codec reuses buffers and is not thread-safe.
 */
final class StateCodec {
  private final ValueCodec codec = new ValueCodec(loader());

  void write(Object value, DataOutput out) throws IOException {
    byte[] bytes = codec.encode(value);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  Object read(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return codec.decode(bytes, 0, bytes.length);
  }

  void writeMap(Map<?, ?> map, DataOutput out) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      write(e.getKey(), out);
      write(e.getValue(), out);
    }
  }

  @SuppressWarnings("unchecked")
  <K, V> void readMap(DataInput in, Map<K, V> into) throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      K key = (K) read(in);
      V value = (V) read(in);
      into.put(key, value);
    }
  }

  /** User classes in state resolve through the application's class loader. */
  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : StateCodec.class.getClassLoader();
  }
}
