package io.sluice.streaming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.util.Bytes;

/** The row an {@link HBaseMapping} fills: a key and cells. Reused between elements; not thread-safe. */
public final class HBaseRow {
  private byte[] key;
  private final List<byte[][]> cells = new ArrayList<>();

  public HBaseRow key(byte[] rowKey) {
    this.key = rowKey;
    return this;
  }

  public HBaseRow key(String rowKey) {
    return key(rowKey.getBytes(StandardCharsets.UTF_8));
  }

  public HBaseRow put(String family, String qualifier, byte[] value) {
    cells.add(new byte[][] {Bytes.toBytes(family), Bytes.toBytes(qualifier), value});
    return this;
  }

  /** A long as HBase's 8-byte big-endian form ({@code Bytes.toLong} reads it back). */
  public HBaseRow put(String family, String qualifier, long value) {
    return put(family, qualifier, Bytes.toBytes(value));
  }

  public HBaseRow put(String family, String qualifier, String value) {
    return put(family, qualifier, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The key, or null if the mapping set none. */
  public byte[] key() {
    return key;
  }

  /** The cells as {family, qualifier, value} triples. */
  public List<byte[][]> cells() {
    return cells;
  }

  /** Empties the row for the next element. */
  public void clear() {
    key = null;
    cells.clear();
  }
}
