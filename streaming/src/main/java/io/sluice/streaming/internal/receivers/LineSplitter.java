package io.sluice.streaming.internal.receivers;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Splits a byte stream into UTF-8 lines ({@code \n} or {@code \r\n}) without a reader per byte: one
 * buffer, scanned for newlines. A line longer than the limit is skipped up to its end and reported
 * with its length, never held whole in memory.
 */
final class LineSplitter {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private final int maxLineBytes;
  private final byte[] buffer;

  LineSplitter(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
    this.buffer = new byte[Math.max(64 * 1024, Math.min(maxLineBytes + 1, 4 * 1024 * 1024))];
  }

  /** Takes a line as bytes, without its line terminator; valid only during the call. */
  interface LineBytes {
    void line(byte[] bytes, int offset, int length);
  }

  /** Like {@link #split(InputStream, LineBytes, IntConsumer, BooleanSupplier, Runnable)}, as strings. */
  void split(InputStream in, Consumer<String> lines, IntConsumer oversized, BooleanSupplier stop,
      Runnable chunkDone) throws IOException {
    split(in, (bytes, offset, length) -> lines.accept(new String(bytes, offset, length,
        StandardCharsets.UTF_8)), oversized, stop, chunkDone);
  }

  /**
   * Reads {@code in} to its end (or until {@code stop} says so), handing each line to {@code lines}
   * and the length of each oversized line to {@code oversized}; {@code chunkDone} runs after the
   * lines of each read, so a consumer that batches lines can hand them on before blocking on the
   * next read. A last line without a newline counts.
   */
  void split(InputStream in, LineBytes lines, IntConsumer oversized, BooleanSupplier stop,
      Runnable chunkDone) throws IOException {
    int start = 0;
    int end = 0;
    long skipping = -1; // bytes of an oversized line seen so far, or -1
    while (!stop.getAsBoolean()) {
      if (end == buffer.length) {
        if (start == 0) {
          // the buffer holds one line that is already too long
          skipping = (skipping < 0 ? 0 : skipping) + end;
          end = 0;
        } else {
          System.arraycopy(buffer, start, buffer, 0, end - start);
          end -= start;
        }
        start = 0;
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        break;
      }
      int scan = end;
      end += read;
      for (int i = scan; (i = indexOfNewline(buffer, i, end)) >= 0; i++) {
        int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
        long length = lineEnd - start + (skipping < 0 ? 0 : skipping);
        if (skipping >= 0 || length > maxLineBytes) {
          oversized.accept((int) Math.min(Integer.MAX_VALUE, length));
          skipping = -1;
        } else {
          lines.line(buffer, start, lineEnd - start);
        }
        start = i + 1;
      }
      if (skipping < 0 && end - start > maxLineBytes) {
        skipping = end - start;
        start = end;
      }
      chunkDone.run();
    }
    if (end > start || skipping >= 0) {
      long length = end - start + (skipping < 0 ? 0 : skipping);
      if (skipping >= 0 || length > maxLineBytes) {
        oversized.accept((int) Math.min(Integer.MAX_VALUE, length));
      } else {
        lines.line(buffer, start, end - start);
      }
    }
    chunkDone.run();
  }

  /**
   * The index of the first {@code \n} in {@code bytes[from, to)}, or -1; eight bytes a step (the
   * receiver's hottest loop). XOR turns newline bytes into zero bytes; {@code (w - 0x01..) & ~w &
   * 0x80..} sets the high bit of every zero byte of {@code w}, and of no byte below the first one,
   * so the lowest set bit names the first newline (little-endian: lowest byte first).
   */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
      long zeros = (word - LOW_BITS) & ~word & HIGH_BITS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
