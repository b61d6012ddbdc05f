package io.sluice.streaming.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WalHandleTest {

  private final WalHandle handle = new WalHandle(
      "hdfs://localhost:8020/ckpt/wal/receivedData/0/wal-0000000007-1000-61000", 123_456_789L, 4_000_000);

  @Test
  void roundTripsThroughItsCompactBytes() {
    byte[] bytes = handle.toBytes();

    assertThat(WalHandle.fromBytes(bytes)).isEqualTo(handle);
    assertThat(bytes).hasSize(1 + 8 + 4 + 2 + handle.segment().length());
  }

  @Test
  void roundTripsInsideALargerRecord() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(42);
      handle.writeTo(out);
      out.writeInt(43);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readInt()).isEqualTo(42);
      assertThat(WalHandle.readFrom(in)).isEqualTo(handle);
      assertThat(in.readInt()).isEqualTo(43);
    }
  }

  @Test
  void refusesBytesThatAreNotAHandle() {
    byte[] bytes = handle.toBytes();

    assertThatThrownBy(() -> WalHandle.fromBytes(Arrays.copyOf(bytes, 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a WAL handle");
    byte[] unknownFormat = bytes.clone();
    unknownFormat[0] = 9;
    assertThatThrownBy(() -> WalHandle.fromBytes(unknownFormat))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
    assertThatThrownBy(() -> WalHandle.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes left");
  }

  @Test
  void rejectsNegativePositions() {
    assertThatThrownBy(() -> new WalHandle("/wal/x", -1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WalHandle("/wal/x", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WalHandle("", 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
