package io.sluice.streaming.internal.wal;

import static io.sluice.streaming.internal.wal.WriteAheadLogContract.SETTINGS;
import static io.sluice.streaming.internal.wal.WriteAheadLogContract.bytes;
import static io.sluice.streaming.internal.wal.WriteAheadLogContract.readAll;
import static io.sluice.streaming.internal.wal.WriteAheadLogContract.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the log behaves when the file system fails under it (a DataNode pipeline breaking, a
 * NameNode refusing a create), with a local file system that fails on demand.
 */
class WalFailureTest {

  @TempDir
  java.nio.file.Path temp;

  private FailingFileSystem fs;
  private HdfsWriteAheadLog log;

  @BeforeEach
  void openLog() throws IOException {
    fs = new FailingFileSystem(FileSystem.getLocal(new Configuration()).getRawFileSystem());
    log = HdfsWriteAheadLog.open(fs, new Path(temp.toUri().toString(), "wal"), SETTINGS,
        new MutableClock(0));
  }

  @AfterEach
  void closeLog() throws IOException {
    fs.failFlushes = false;
    log.close();
  }

  @Test
  void aSegmentWhoseFlushFailedIsAbandonedAndTheNextWriteStartsANewOne() throws IOException {
    WalHandle first = log.write(ByteBuffer.wrap(record(1, 100)), 0);
    fs.failFlushes = true;

    assertThatThrownBy(() -> log.write(ByteBuffer.wrap(record(2, 100)), 1))
        .isInstanceOf(IOException.class).hasMessageContaining("could not flush");
    fs.failFlushes = false;
    WalHandle third = log.write(ByteBuffer.wrap(record(3, 100)), 2);

    assertThat(third.segment()).isNotEqualTo(first.segment());
    assertThat(bytes(log.read(first))).isEqualTo(record(1, 100));
    assertThat(bytes(log.read(third))).isEqualTo(record(3, 100));
    assertThat(log.metrics().writesFailed()).isEqualTo(1);
    // The failed record may or may not have reached the disk: at least once, never lost silently.
    assertThat(readAll(log)).containsSubsequence(record(1, 100), record(3, 100));
  }

  @Test
  void aSegmentThatCannotBeCreatedFailsTheWriteButNotTheLog() throws IOException {
    fs.failCreates = true;
    assertThatThrownBy(() -> log.write(ByteBuffer.wrap(record(1, 100)), 0))
        .isInstanceOf(IOException.class).hasMessageContaining("NameNode says no");

    fs.failCreates = false;
    WalHandle handle = log.write(ByteBuffer.wrap(record(2, 100)), 1);

    assertThat(bytes(log.read(handle))).isEqualTo(record(2, 100));
  }

  @Test
  void refusesAFileSystemThatCannotHflush() {
    fs.canHflush = false;

    assertThatThrownBy(() -> log.write(ByteBuffer.wrap(record(1, 100)), 0))
        .isInstanceOf(IOException.class).hasMessageContaining("cannot hflush");
  }

  @Test
  void aReadThatFailsOnACachedStreamIsRetriedOnceOnAFreshOne() throws IOException {
    WalHandle handle = log.write(ByteBuffer.wrap(record(1, 100)), 0);
    fs.staleOpens = 1; // the next stream opened has lost its block, as after a pipeline recovery

    assertThat(bytes(log.read(handle))).isEqualTo(record(1, 100));

    WalHandle second = log.write(ByteBuffer.wrap(record(2, 100)), 1);
    log.close();
    log = HdfsWriteAheadLog.open(fs, new Path(temp.toUri().toString(), "wal"), SETTINGS,
        new MutableClock(2));
    fs.staleOpens = 2; // a block that is really gone stays an error, after one retry
    assertThatThrownBy(() -> log.read(second)).isInstanceOf(IOException.class)
        .hasStackTraceContaining("no live nodes contain the block");
    fs.staleOpens = 0;
  }

  /** The raw local file system, with streams that fail when told to. */
  static final class FailingFileSystem extends FilterFileSystem {
    volatile boolean failFlushes;
    volatile boolean failCreates;
    volatile boolean canHflush = true;
    /** How many of the next streams opened fail every positioned read. */
    volatile int staleOpens;

    FailingFileSystem(FileSystem raw) {
      super(raw);
    }

    @Override
    public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite,
        int bufferSize, short replication, long blockSize, Progressable progress)
        throws IOException {
      if (failCreates) {
        throw new IOException("NameNode says no");
      }
      FSDataOutputStream out = super.create(path, permission, overwrite, bufferSize, replication,
          blockSize, progress);
      return new FSDataOutputStream(new FailingStream(out), null);
    }

    @Override
    public FSDataInputStream open(Path path, int bufferSize) throws IOException {
      FSDataInputStream in = super.open(path, bufferSize);
      boolean stale = staleOpens > 0;
      if (stale) {
        staleOpens--;
      }
      return new FSDataInputStream(new FSInputStream() {
        @Override
        public void seek(long pos) throws IOException {
          in.seek(pos);
        }

        @Override
        public long getPos() throws IOException {
          return in.getPos();
        }

        @Override
        public boolean seekToNewSource(long targetPos) {
          return false;
        }

        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(long position, byte[] buffer, int offset, int length) throws IOException {
          if (stale) {
            throw new IOException("Could not obtain block: no live nodes contain the block");
          }
          return in.read(position, buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      });
    }

    private final class FailingStream extends OutputStream implements Syncable, StreamCapabilities {
      private final FSDataOutputStream out;

      FailingStream(FSDataOutputStream out) {
        this.out = out;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void hflush() throws IOException {
        if (failFlushes) {
          throw new IOException("the DataNode pipeline broke");
        }
        out.hflush();
      }

      @Override
      public void hsync() throws IOException {
        hflush();
      }

      @Override
      public boolean hasCapability(String capability) {
        return canHflush && out.hasCapability(capability);
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    }
  }
}
