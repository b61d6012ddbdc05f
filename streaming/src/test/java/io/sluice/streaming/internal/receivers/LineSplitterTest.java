package io.sluice.streaming.internal.receivers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  @Test
  void newlineSearchAgreesWithAPlainScanAtEveryOffset() {
    Random random = new Random(7);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        // newlines, their neighbours in the byte range (0x09, 0x0b), and bytes with the high bit set
        int pick = random.nextInt(10);
        bytes[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0b : pick == 2 ? 0x09 : pick == 3 ? 0x8a
            : random.nextInt(256));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      assertThat(LineSplitter.indexOfNewline(bytes, from, to)).as("round %d", round)
          .isEqualTo(plainIndexOf(bytes, from, to));
    }
  }

  @Test
  void splitsLinesAcrossAnyReadBoundaryWithCrLfAndALastLineWithoutNewline() throws IOException {
    Random random = new Random(11);
    List<String> expected = new ArrayList<>();
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    for (int i = 0; i < 20_000; i++) {
      String line = "line " + i + " " + "x".repeat(random.nextInt(300)) + (i % 97 == 0 ? " é€" : "");
      expected.add(line);
      input.writeBytes((line + (i % 3 == 0 ? "\r\n" : "\n")).getBytes(UTF_8));
    }
    expected.add("");
    input.writeBytes("\n".getBytes(UTF_8));
    expected.add("the last line has no newline");
    input.writeBytes("the last line has no newline".getBytes(UTF_8));

    List<String> lines = new ArrayList<>();
    List<Integer> oversized = new ArrayList<>();
    new LineSplitter(1024).split(new ChunkedInput(input.toByteArray(), random), lines::add,
        oversized::add, () -> false, () -> { });

    assertThat(oversized).isEmpty();
    assertThat(lines).isEqualTo(expected);
  }

  @Test
  void linesOverTheLimitAreReportedWithTheirLengthAndSkipped() throws IOException {
    String longLine = "y".repeat(200_000);
    byte[] input = ("short\n" + longLine + "\nafter\n" + "z".repeat(5000) + "\nend").getBytes(UTF_8);
    List<String> lines = new ArrayList<>();
    List<Integer> oversized = new ArrayList<>();

    new LineSplitter(4096).split(new ChunkedInput(input, new Random(3)), lines::add, oversized::add,
        () -> false, () -> { });

    assertThat(lines).containsExactly("short", "after", "end");
    assertThat(oversized).containsExactly(200_000, 5000);
  }

  private static int plainIndexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Hands out its bytes in reads of random size, as a socket does. */
  private static final class ChunkedInput extends InputStream {
    private final byte[] bytes;
    private final Random random;
    private int position;

    ChunkedInput(byte[] bytes, Random random) {
      this.bytes = bytes;
      this.random = random;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(70_000)), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
