package io.sluice.streaming.internal.wal;

import static org.apache.hadoop.fs.CommonConfigurationKeysPublic.IO_FILE_BUFFER_SIZE_DEFAULT;
import static org.apache.hadoop.fs.CommonConfigurationKeysPublic.IO_FILE_BUFFER_SIZE_KEY;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DFSClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open input streams of the few segments random reads go to, so that reading the blocks of a batch
 * costs one positioned read each instead of an open (a NameNode call on HDFS) plus a read.
 *
 * <p>Positioned reads on one stream are thread-safe on HDFS and the local file system, so threads
 * share a stream; a stream is closed once evicted and no longer in use. A stream opened while its
 * segment was being written knows only the length and blocks visible then: a read that fails on a
 * cached stream (past that length, or on a block replaced by a pipeline recovery) is retried once
 * on a freshly opened stream.
 */
final class SegmentReaders implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentReaders.class);

  private final FileSystem fs;
  private final int capacity;
  private final LinkedHashMap<Path, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  private static final class Entry {
    final Path path;
    final FSDataInputStream in;
    int users;
    boolean retired;

    Entry(Path path, FSDataInputStream in) {
      this.path = path;
      this.in = in;
    }
  }

  SegmentReaders(FileSystem fs, int capacity) {
    this.fs = fs;
    this.capacity = capacity;
  }

  /** Fills {@code buffer} from {@code position} of the segment. */
  void readFully(Path segment, long position, byte[] buffer) throws IOException {
    Entry entry = acquire(segment, null);
    try {
      try {
        entry.in.readFully(position, buffer, 0, buffer.length);
        return;
      } catch (FileNotFoundException gone) {
        throw gone;
      } catch (IOException stale) {
        // Maybe appended to since the stream was opened (EOF), or the stream's view of the blocks
        // went stale while the segment was written: an HDFS pipeline recovery gives the last
        // block a new generation stamp, and this stream then finds no replica of the block it
        // knew and marks the DataNode dead for good. Look again once, on a fresh stream.
        LOG.debug("Reading {} at {} failed on a cached stream; retrying on a new one", segment,
            position, stale);
      }
      Entry fresh = acquire(segment, entry);
      release(entry);
      entry = fresh;
      entry.in.readFully(position, buffer, 0, buffer.length);
    } finally {
      release(entry);
    }
  }

  /** Closes the stream of a segment about to be deleted. */
  void evict(Path segment) {
    List<Entry> toClose = new ArrayList<>(1);
    synchronized (this) {
      Entry entry = open.remove(segment);
      if (entry != null) {
        retire(entry, toClose);
      }
    }
    closeAll(toClose);
  }

  /** The cached stream of {@code segment}, or a new one when none or when it is {@code stale}. */
  private Entry acquire(Path segment, Entry stale) throws IOException {
    List<Entry> toClose = new ArrayList<>(1);
    try {
      synchronized (this) {
        if (closed) {
          throw new IOException("the write-ahead log is closed");
        }
        Entry entry = open.get(segment);
        if (entry != null && entry != stale) {
          entry.users++;
          return entry;
        }
      }
      // Opening talks to the NameNode: not under the lock.
      Entry created = new Entry(segment, open(segment));
      synchronized (this) {
        if (closed) {
          toClose.add(created);
          throw new IOException("the write-ahead log is closed");
        }
        Entry previous = open.put(segment, created);
        if (previous != null) {
          retire(previous, toClose);
        }
        created.users++;
        Iterator<Entry> eldest = open.values().iterator();
        while (open.size() > capacity && eldest.hasNext()) {
          Entry e = eldest.next();
          eldest.remove();
          retire(e, toClose);
        }
        return created;
      }
    } finally {
      closeAll(toClose);
    }
  }

  /**
   * On HDFS, a stream that neither asks the DataNode for HDFS checksums nor checks them: every WAL
   * record carries its own CRC32C, checked by the caller, so HDFS's per-512-byte checksums would
   * only cost a second pass over every byte here and reading and sending the checksum file in the
   * DataNode. Only these random reads skip them; recovery reads whole segments through the file
   * system as usual.
   */
  private FSDataInputStream open(Path segment) throws IOException {
    if (fs instanceof DistributedFileSystem dfs) {
      DFSClient client = dfs.getClient();
      return client.createWrappedInputStream(client.open(segment.toUri().getPath(),
          dfs.getConf().getInt(IO_FILE_BUFFER_SIZE_KEY, IO_FILE_BUFFER_SIZE_DEFAULT), false));
    }
    return fs.open(segment);
  }

  private void release(Entry entry) {
    boolean close;
    synchronized (this) {
      entry.users--;
      close = entry.retired && entry.users == 0;
    }
    if (close) {
      closeQuietly(entry);
    }
  }

  /** Marks an entry removed from the map; collects it for closing when nobody reads from it. */
  private void retire(Entry entry, List<Entry> toClose) {
    entry.retired = true;
    if (entry.users == 0) {
      toClose.add(entry);
    }
  }

  @Override
  public void close() {
    List<Entry> toClose = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Entry entry : open.values()) {
        retire(entry, toClose);
      }
      open.clear();
    }
    closeAll(toClose);
  }

  private static void closeAll(List<Entry> entries) {
    for (Entry entry : entries) {
      closeQuietly(entry);
    }
  }

  private static void closeQuietly(Entry entry) {
    try {
      entry.in.close();
    } catch (IOException e) {
      LOG.debug("Could not close WAL segment {}", entry.path, e);
    }
  }
}
