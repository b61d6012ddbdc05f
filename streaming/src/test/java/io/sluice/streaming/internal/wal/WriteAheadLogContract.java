package io.sluice.streaming.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WriteAheadLog} on every file system must do, run against the local file
 * system ({@link LocalWriteAheadLogTest}) and HDFS ({@link HdfsWriteAheadLogIT}). Damage is made
 * by rewriting segment files byte for byte, the way a crash or a bad disk would leave them.
 */
abstract class WriteAheadLogContract {

  static final WalSettings SETTINGS = new WalSettings(true, Duration.ofSeconds(1), 1 << 20);

  final MutableClock clock = new MutableClock(1_000_000);
  private final List<WriteAheadLog> opened = new ArrayList<>();

  /** The file system under test, shared: not closed by the test. */
  abstract FileSystem fileSystem();

  /** A folder of this test's own, not created yet. */
  abstract Path logDir();

  /** Put before the test classpath of a child JVM, so that it reaches {@link #fileSystem()}. */
  abstract String childClasspathPrefix();

  @AfterEach
  void closeLogs() throws IOException {
    for (WriteAheadLog log : opened) {
      log.close();
    }
  }

  HdfsWriteAheadLog open(WalSettings settings) throws IOException {
    HdfsWriteAheadLog log = HdfsWriteAheadLog.open(fileSystem(), logDir(), settings, clock);
    opened.add(log);
    return log;
  }

  // ---- writing and reading ----

  @Test
  void readsBackEachRecordByItsHandle() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    Map<WalHandle, byte[]> written = new LinkedHashMap<>();
    for (int size : new int[] {0, 1, 12, 100, 100_000, 1 << 20}) {
      byte[] record = record(size, size);
      written.put(log.write(ByteBuffer.wrap(record), 10), record);
    }
    // A buffer with an array offset and a position of its own, and a direct one.
    byte[] backing = record(7, 1000);
    ByteBuffer slice = ByteBuffer.wrap(backing, 100, 800).slice().position(50);
    written.put(log.write(slice, 20), Arrays.copyOfRange(backing, 150, 900));
    assertThat(slice.position()).as("write leaves the buffer as it was").isEqualTo(50);
    ByteBuffer direct = ByteBuffer.allocateDirect(200_000).put(record(8, 200_000)).flip();
    written.put(log.write(direct, 30), record(8, 200_000));

    for (Map.Entry<WalHandle, byte[]> e : written.entrySet()) {
      assertThat(bytes(log.read(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(readAll(log)).containsExactlyElementsOf(written.values());
    assertThat(log.metrics().recordsWritten()).isEqualTo(written.size());
  }

  @Test
  void readAllReturnsEveryRecordAcrossRolledSegmentsInWriteOrder() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      written.add(record(i, 500));
      log.write(ByteBuffer.wrap(written.get(i)), 1_000_000 + i * 250L);
    }

    assertThat(segments()).hasSize(5);
    assertThat(readAll(log)).containsExactlyElementsOf(written);
    assertThat(log.metrics().segmentsCreated()).isEqualTo(5);
    // The segment still being written is read up to what was flushed: no false alarm.
    assertThat(log.metrics().tornTailsSkipped()).isZero();
  }

  @Test
  void rollsASegmentThatWasOpenForTheRollIntervalByTheClock() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    log.write(ByteBuffer.wrap(record(1, 10)), 5);
    clock.advance(999);
    log.write(ByteBuffer.wrap(record(2, 10)), 5);
    assertThat(segments()).hasSize(1);

    clock.advance(1);
    log.write(ByteBuffer.wrap(record(3, 10)), 5);

    assertThat(segments()).hasSize(2);
    assertThat(readAll(log)).containsExactly(record(1, 10), record(2, 10), record(3, 10));
  }

  @Test
  void readsAHandleAfterItsSegmentRolled() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    WalHandle first = log.write(ByteBuffer.wrap(record(1, 3000)), 0);
    assertThat(bytes(log.read(first))).isEqualTo(record(1, 3000));
    // Appended after the segment was opened for reading: the cached stream may not see it yet.
    WalHandle second = log.write(ByteBuffer.wrap(record(2, 3000)), 100);
    assertThat(bytes(log.read(second))).isEqualTo(record(2, 3000));

    WalHandle third = log.write(ByteBuffer.wrap(record(3, 3000)), 5000);

    assertThat(third.segment()).isNotEqualTo(first.segment());
    assertThat(bytes(log.read(first))).isEqualTo(record(1, 3000));
    assertThat(bytes(log.read(second))).isEqualTo(record(2, 3000));
    assertThat(bytes(log.read(third))).isEqualTo(record(3, 3000));
  }

  @Test
  void rejectsARecordLargerThanTheMaximumAndStaysUsable() throws IOException {
    WriteAheadLog log = open(SETTINGS.withMaxRecordBytes(1024));

    assertThatThrownBy(() -> log.write(ByteBuffer.allocate(1025), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1025 bytes")
        .hasMessageContaining("sluice.streaming.wal.max.record.bytes");
    WalHandle handle = log.write(ByteBuffer.wrap(record(1, 1024)), 0);

    assertThat(bytes(log.read(handle))).isEqualTo(record(1, 1024));
    assertThat(log.metrics().recordsRejected()).isEqualTo(1);
    assertThat(log.metrics().recordsWritten()).isEqualTo(1);
  }

  @Test
  void readsRecordsWrittenUnderALargerMaximum() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    WalHandle handle = log.write(ByteBuffer.wrap(record(1, 5000)), 0);
    log.close();

    WriteAheadLog smaller = open(SETTINGS.withMaxRecordBytes(1000));
    assertThat(readAll(smaller)).containsExactly(record(1, 5000));
    assertThat(bytes(smaller.read(handle))).isEqualTo(record(1, 5000));
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    WriteAheadLog log = open(SETTINGS);
    int threads = 4;
    int perThread = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<WalHandle, byte[]>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(pool.submit(() -> {
        Map<WalHandle, byte[]> mine = new LinkedHashMap<>();
        for (int i = 0; i < perThread; i++) {
          byte[] record = record(thread * perThread + i, 100 + i % 400);
          mine.put(log.write(ByteBuffer.wrap(record), clock.millis()), record);
        }
        return mine;
      }));
    }
    Map<WalHandle, byte[]> written = new LinkedHashMap<>();
    for (Future<Map<WalHandle, byte[]>> result : results) {
      written.putAll(result.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(written).hasSize(threads * perThread);
    for (Map.Entry<WalHandle, byte[]> e : written.entrySet()) {
      assertThat(bytes(log.read(e.getKey()))).isEqualTo(e.getValue());
    }
    List<byte[]> all = readAll(log);
    assertThat(all).hasSize(threads * perThread);
    Set<String> distinct = new HashSet<>();
    all.forEach(r -> distinct.add(HexFormat.of().formatHex(r)));
    assertThat(distinct).hasSize(threads * perThread);
    assertThat(log.metrics().recordsWritten()).isEqualTo(threads * perThread);
    assertThat(log.metrics().syncs()).isBetween(1L, (long) threads * perThread);
  }

  @Test
  void writingAfterCloseFailsAndCleaningDoesNothing() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    log.close();

    assertThatThrownBy(() -> log.write(ByteBuffer.allocate(1), 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    log.clean(Long.MAX_VALUE, true); // a no-op, not an error: the driver may clean while stopping
  }

  // ---- cleaning ----

  @Test
  void cleanDeletesOnlySegmentsWhoseRecordsAreAllOlderThanTheThreshold() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    WalHandle old = log.write(ByteBuffer.wrap(record(1, 100)), 1000); // segment [1000, 2000)
    WalHandle middle = log.write(ByteBuffer.wrap(record(2, 100)), 2000); // [2000, 3000)
    WalHandle active = log.write(ByteBuffer.wrap(record(3, 100)), 3000); // [3000, 4000)

    log.clean(2999, true);

    assertThat(segments()).containsExactly(segmentName(middle), segmentName(active));
    assertThatThrownBy(() -> log.read(old)).isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(segmentName(old));
    assertThat(bytes(log.read(middle))).isEqualTo(record(2, 100));
    assertThat(readAll(log)).containsExactly(record(2, 100), record(3, 100));
    assertThat(log.metrics().segmentsDeleted()).isEqualTo(1);

    log.clean(3000, true);
    assertThat(segments()).containsExactly(segmentName(active));
  }

  @Test
  void cleanNeverDeletesTheSegmentBeingWritten() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    log.write(ByteBuffer.wrap(record(1, 100)), 1000);

    log.clean(Long.MAX_VALUE, true);
    log.write(ByteBuffer.wrap(record(2, 100)), 1500);

    assertThat(segments()).hasSize(1);
    assertThat(readAll(log)).containsExactly(record(1, 100), record(2, 100));
  }

  @Test
  void cleanRunsInTheBackgroundUnlessAskedToWait() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    log.write(ByteBuffer.wrap(record(1, 100)), 1000);
    WalHandle kept = log.write(ByteBuffer.wrap(record(2, 100)), 2000);

    log.clean(2000, false);
    // One background thread: a clean that waits runs after the one that did not.
    log.clean(0, true);

    assertThat(segments()).containsExactly(segmentName(kept));
  }

  @Test
  void closesAnIdleSegmentWhenCleaningSoItCanBeCleanedLater() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    log.write(ByteBuffer.wrap(record(1, 100)), 1000);

    clock.advance(1000);
    log.clean(0, true);
    log.write(ByteBuffer.wrap(record(2, 100)), 1100);
    log.clean(2000, true);

    assertThat(segments()).hasSize(1);
    assertThat(readAll(log)).containsExactly(record(2, 100));
  }

  // ---- recovery ----

  @Test
  void recoversAnExistingFolderOnReopen() throws IOException {
    WriteAheadLog first = open(SETTINGS);
    List<WalHandle> handles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      handles.add(first.write(ByteBuffer.wrap(record(i, 1000)), 1000 + i));
    }
    first.close();

    WriteAheadLog second = open(SETTINGS);
    assertThat(readAll(second)).containsExactly(record(0, 1000), record(1, 1000), record(2, 1000));
    handles.add(second.write(ByteBuffer.wrap(record(3, 1000)), 1003));
    handles.add(second.write(ByteBuffer.wrap(record(4, 1000)), 1004));

    assertThat(segments()).hasSize(2);
    assertThat(handles.get(3).segment()).isNotEqualTo(handles.get(0).segment());
    assertThat(readAll(second)).hasSize(5).containsSubsequence(record(0, 1000), record(4, 1000));
    for (int i = 0; i < handles.size(); i++) {
      assertThat(bytes(second.read(handles.get(i)))).isEqualTo(record(i, 1000));
    }
  }

  @Test
  void recoversTheFolderOfAWriterThatNeverClosedIt() throws IOException {
    WriteAheadLog abandoned = open(SETTINGS);
    abandoned.write(ByteBuffer.wrap(record(1, 5000)), 1000);
    abandoned.write(ByteBuffer.wrap(record(2, 5000)), 1001);

    WriteAheadLog recovered = open(SETTINGS);
    assertThat(readAll(recovered)).containsExactly(record(1, 5000), record(2, 5000));
    recovered.write(ByteBuffer.wrap(record(3, 5000)), 1002);

    assertThat(segments()).hasSize(2);
    assertThat(readAll(recovered)).containsExactly(record(1, 5000), record(2, 5000), record(3, 5000));
  }

  @Test
  void skipsATornTailRecordWhereverTheWriterDied() throws IOException {
    int size = 1000;
    // 0: cut on a record boundary; then inside the marker, length, checksum and payload.
    for (int cut : new int[] {0, 1, 5, 11, 12, 13, 500, 12 + size - 1}) {
      Path dir = new Path(logDir(), "cut-" + cut);
      WriteAheadLog log = HdfsWriteAheadLog.open(fileSystem(), dir, SETTINGS, clock);
      log.write(ByteBuffer.wrap(record(1, size)), 1000);
      log.write(ByteBuffer.wrap(record(2, size)), 1001);
      WalHandle last = log.write(ByteBuffer.wrap(record(3, size)), 1002);
      log.close();
      Path segment = new Path(last.segment());
      byte[] bytes = readFile(segment);
      writeFile(segment, Arrays.copyOf(bytes, (int) last.offset() + cut));

      try (WriteAheadLog reopened = HdfsWriteAheadLog.open(fileSystem(), dir, SETTINGS, clock)) {
        assertThat(readAll(reopened)).as("cut %d bytes into the last record", cut)
            .containsExactly(record(1, size), record(2, size));
        assertThat(reopened.metrics().tornTailsSkipped()).as("cut %d", cut).isEqualTo(cut == 0 ? 0 : 1);
        assertThat(reopened.metrics().corruptRecordsSkipped()).isZero();
        assertThatThrownBy(() -> reopened.read(last)).isInstanceOf(IOException.class)
            .hasMessageContaining(segment.getName()).hasMessageContaining("offset " + last.offset());
      }
    }
  }

  @Test
  void skipsAndCountsARecordWhosePayloadHasAFlippedByte() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    List<WalHandle> handles = writeFive(log);
    log.close();
    WalHandle damaged = handles.get(2);
    flipByte(damaged, 12 + 700);

    WriteAheadLog reopened = open(SETTINGS);
    assertThat(readAll(reopened))
        .containsExactly(record(0, 2000), record(1, 2000), record(3, 2000), record(4, 2000));
    assertThat(reopened.metrics().corruptRecordsSkipped()).isEqualTo(1);
    assertThat(reopened.metrics().tornTailsSkipped()).isZero();
    assertThatThrownBy(() -> reopened.read(damaged))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum")
        .hasMessageContaining(new Path(damaged.segment()).getName())
        .hasMessageContaining("offset " + damaged.offset());
    assertThat(bytes(reopened.read(handles.get(3)))).isEqualTo(record(3, 2000));
  }

  @Test
  void findsTheNextRecordAfterADamagedLength() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    List<WalHandle> handles = writeFive(log);
    log.close();
    flipByte(handles.get(1), 6); // the length's third byte: 2000 becomes 2000 ± 256·k

    WriteAheadLog reopened = open(SETTINGS);
    assertThat(readAll(reopened))
        .containsExactly(record(0, 2000), record(2, 2000), record(3, 2000), record(4, 2000));
    assertThat(reopened.metrics().corruptRecordsSkipped()).isEqualTo(1);
  }

  @Test
  void ignoresSegmentsACrashLeftWithoutAWholeHeaderAndFilesThatAreNotSegments() throws IOException {
    WriteAheadLog log = open(SETTINGS);
    log.write(ByteBuffer.wrap(record(1, 100)), 1000);
    log.close();
    writeFile(new Path(logDir(), "wal-0000000007-5000-6000"), new byte[0]);
    writeFile(new Path(logDir(), "wal-0000000008-6000-7000"), new byte[] {'S', 'L', 'W'});
    writeFile(new Path(logDir(), "notes.txt"), "not a segment".getBytes(StandardCharsets.UTF_8));

    WriteAheadLog reopened = open(SETTINGS);
    assertThat(readAll(reopened)).containsExactly(record(1, 100));
    assertThat(reopened.metrics().tornTailsSkipped()).isEqualTo(1);
    WalHandle next = reopened.write(ByteBuffer.wrap(record(2, 100)), 8000);
    assertThat(new Path(next.segment()).getName()).startsWith("wal-0000000009-");
  }

  // ---- durability ----

  /**
   * A writer in another JVM prints each handle once its write returned; it is killed with SIGKILL
   * mid-stream, and every record it printed must be there.
   */
  @Test
  void keepsEveryAcknowledgedRecordWhenTheWritingProcessIsKilled() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String prefix = childClasspathPrefix();
    if (!prefix.isEmpty()) {
      classpath = prefix + File.pathSeparator + classpath;
    }
    Path dir = fileSystem().makeQualified(logDir());
    File stderr = Files.createTempFile("wal-writer-", ".log").toFile();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath,
        WalWriterProcess.class.getName(), dir.toString(), "2", "50000", "4000")
        .redirectError(stderr)
        .start();
    Map<Integer, WalHandle> acknowledged = new LinkedHashMap<>();
    Pattern ack = Pattern.compile("ACK (\\d+) ([0-9a-f]+) END");
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher m = ack.matcher(line);
        if (m.matches()) {
          acknowledged.put(Integer.parseInt(m.group(1)),
              WalHandle.fromBytes(HexFormat.of().parseHex(m.group(2))));
          // The child cannot finish first: once the pipe's buffer is full (a few hundred lines)
          // its println blocks until this loop reads on.
          if (acknowledged.size() == 400) {
            // SIGKILL through the process handle: Process.destroyForcibly() would also close our
            // end of the pipe, losing acknowledgements printed just before the kill.
            child.toHandle().destroyForcibly();
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(acknowledged).as("acknowledged before the kill (child log %s)", stderr)
        .hasSizeGreaterThanOrEqualTo(400).hasSizeLessThan(4000);
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();

    WriteAheadLog log = open(SETTINGS);
    Set<String> recovered = new HashSet<>();
    readAll(log).forEach(r -> recovered.add(HexFormat.of().formatHex(r)));
    for (Map.Entry<Integer, WalHandle> e : acknowledged.entrySet()) {
      byte[] expected = WalWriterProcess.record(e.getKey(), 50000);
      assertThat(recovered).as("record %d in readAll", e.getKey())
          .contains(HexFormat.of().formatHex(expected));
      assertThat(bytes(log.read(e.getValue()))).as("record %d by handle", e.getKey())
          .isEqualTo(expected);
    }
    assertThat(segments()).as("the child rolled segments while writing").hasSizeGreaterThan(1);
    stderr.delete();
  }

  // ---- helpers ----

  private List<WalHandle> writeFive(WriteAheadLog log) throws IOException {
    List<WalHandle> handles = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      handles.add(log.write(ByteBuffer.wrap(record(i, 2000)), 1000 + i));
    }
    return handles;
  }

  static byte[] record(int seed, int size) {
    return WalWriterProcess.record(seed, size);
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  static List<byte[]> readAll(WriteAheadLog log) throws IOException {
    List<byte[]> all = new ArrayList<>();
    try (CloseableIterator<ByteBuffer> records = log.readAll()) {
      records.forEachRemaining(r -> all.add(bytes(r)));
    }
    return all;
  }

  private List<String> segments() throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus status : raw().listStatus(logDir())) {
      if (status.getPath().getName().startsWith("wal-")) {
        names.add(status.getPath().getName());
      }
    }
    names.sort(null);
    return names;
  }

  private static String segmentName(WalHandle handle) {
    return new Path(handle.segment()).getName();
  }

  /** Flips one byte of a record's frame, {@code at} bytes from its start. */
  private void flipByte(WalHandle handle, int at) throws IOException {
    Path segment = new Path(handle.segment());
    byte[] bytes = readFile(segment);
    bytes[(int) handle.offset() + at] ^= 0x01;
    writeFile(segment, bytes);
  }

  /** Bypasses the checksummed local file system, which would add .crc files of its own. */
  private FileSystem raw() {
    return fileSystem() instanceof ChecksumFileSystem checksummed
        ? checksummed.getRawFileSystem() : fileSystem();
  }

  private byte[] readFile(Path path) throws IOException {
    byte[] bytes = new byte[(int) raw().getFileStatus(path).getLen()];
    try (FSDataInputStream in = raw().open(path)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  /** Replaces a file's bytes: HDFS cannot change a file in place. */
  private void writeFile(Path path, byte[] bytes) throws IOException {
    raw().delete(path, false);
    try (FSDataOutputStream out = raw().create(path, false)) {
      out.write(bytes);
    }
  }
}
