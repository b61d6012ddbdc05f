package io.sluice.streaming.internal.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of a segment file.
 *
 * <pre>
 * segment := header frame*
 * header  := magic "SLWA" (4) | version (1) | reserved zeros (3)
 * frame   := marker 0xB10CED5A (4) | payload length (4) | CRC32C of length and payload (4) | payload
 * </pre>
 *
 * All integers are big-endian. The marker lets a reader find the next frame after a damaged one;
 * the checksum covers the length too, so a damaged length is caught as well as a damaged payload.
 */
final class SegmentFormat {

  static final int MAGIC = 0x534C5741; // "SLWA"
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 8;

  static final int MARKER = 0xB10CED5A;
  static final int FRAME_HEADER_BYTES = 12;

  private SegmentFormat() {}

  static byte[] segmentHeader() {
    return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).put(VERSION).array();
  }

  /** The frame header of {@code payload}, whose position and limit are left as they were. */
  static byte[] frameHeader(ByteBuffer payload) {
    int length = payload.remaining();
    return ByteBuffer.allocate(FRAME_HEADER_BYTES)
        .putInt(MARKER)
        .putInt(length)
        .putInt(checksum(length, payload.duplicate()))
        .array();
  }

  /** CRC32C of the length's four bytes followed by the payload (consumed). */
  static int checksum(int length, ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(length >>> 24);
    crc.update(length >>> 16);
    crc.update(length >>> 8);
    crc.update(length);
    crc.update(payload);
    return (int) crc.getValue();
  }

  static int checksum(int length, byte[] payload, int offset) {
    return checksum(length, ByteBuffer.wrap(payload, offset, length));
  }

  static int intAt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
        | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
  }
}
