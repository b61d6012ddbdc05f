package io.sluice.streaming.internal.wal;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The writer that {@link WriteAheadLogContract} kills: writes records of a known content into a
 * log from several threads and prints {@code ACK <index> <handle in hex> END} once each write has
 * returned. Arguments: the log folder's URI, threads, record bytes, records at most.
 */
public final class WalWriterProcess {

  private WalWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    int threads = Integer.parseInt(args[1]);
    int recordBytes = Integer.parseInt(args[2]);
    int maxRecords = Integer.parseInt(args[3]);
    WalSettings settings = new WalSettings(true, Duration.ofSeconds(1), 1 << 20);
    HdfsWriteAheadLog log = new HdfsWriteAheadLog(dir, new Configuration(), settings,
        Clock.systemUTC());
    AtomicInteger next = new AtomicInteger();
    Thread[] writers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      writers[t] = new Thread(() -> {
        try {
          for (int i = next.getAndIncrement(); i < maxRecords; i = next.getAndIncrement()) {
            // Record times advance 10 ms a record: a new segment every 100 records.
            WalHandle handle = log.write(ByteBuffer.wrap(record(i, recordBytes)), i * 10L);
            String line = "ACK " + i + " " + HexFormat.of().formatHex(handle.toBytes()) + " END";
            synchronized (System.out) {
              System.out.println(line);
              System.out.flush();
            }
          }
        } catch (Exception e) {
          e.printStackTrace();
          System.exit(1);
        }
      }, "writer-" + t);
      writers[t].start();
    }
    for (Thread writer : writers) {
      writer.join();
    }
    log.close();
  }

  /** A record of {@code size} bytes that tells its {@code seed}, different for every seed. */
  static byte[] record(int seed, int size) {
    byte[] bytes = new byte[size];
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) x;
    }
    for (int i = 0; i < Math.min(4, size); i++) {
      bytes[i] = (byte) (seed >>> (24 - 8 * i));
    }
    return bytes;
  }
}
