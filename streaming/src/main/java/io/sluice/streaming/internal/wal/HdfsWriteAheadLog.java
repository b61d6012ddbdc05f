package io.sluice.streaming.internal.wal;

import static io.sluice.streaming.StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY;
import static io.sluice.streaming.internal.wal.SegmentFormat.FRAME_HEADER_BYTES;
import static io.sluice.streaming.internal.wal.SegmentFormat.MARKER;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log on a Hadoop {@link FileSystem}: HDFS in production, the local file system in
 * the sandbox and in tests. One folder per log, holding segment files
 * {@code wal-<seq>-<start>-<end>} (see {@link SegmentName}) in the format of {@link SegmentFormat}.
 *
 * <p>Writing. One segment is open at a time. A record whose time reaches the segment's end, or a
 * segment open for the roll interval by the injected {@link Clock}, closes it and starts the next
 * one (named after that record's time); the old one is flushed at once and closed on the log's
 * background thread, since an HDFS close waits on the NameNode. Each write appends a frame (length, CRC32C, payload) and
 * then waits until an {@code hflush} covers it. Flushes are serialized: a writer that finds the
 * previous flush already covered its record returns at once, so concurrent writers share flushes
 * (group commit). The checksum is computed before taking any lock, in the writer's own thread.
 *
 * <p>On the local file system the log writes through the raw file system: Hadoop's checksummed
 * local streams cannot {@code hflush}, and frames carry their own checksums anyway.
 *
 * <p>Opening an existing folder lists it and carries on with the next sequence number: old
 * segments, even one a crashed process left unfinished, are only ever read and deleted.
 *
 * <pre>{@code
 * WriteAheadLog log = HdfsWriteAheadLog.open(FileSystem.get(conf), dir, WalSettings.from(conf),
 *     Clock.systemUTC());
 * }</pre>
 */
public final class HdfsWriteAheadLog implements WriteAheadLog {
  private static final Logger LOG = LoggerFactory.getLogger(HdfsWriteAheadLog.class);

  /** Local streams buffer this much, so small records and frame headers leave in one system call. */
  private static final int WRITE_BUFFER_BYTES = 256 * 1024;
  /** A direct buffer's bytes go to the stream through a heap copy of at most this size at a time. */
  private static final int COPY_CHUNK_BYTES = 64 * 1024;
  private static final int OPEN_READERS = 4;
  private static final int CREATE_ATTEMPTS = 100;
  /** {@code StreamCapabilities.HFLUSH}, whose constant is deprecated for no replacement. */
  private static final String HFLUSH_CAPABILITY = "hflush";

  private final FileSystem fs;
  private final Path dir;
  private final WalSettings settings;
  private final Clock clock;
  private final SegmentReaders readers;
  /** One daemon thread: closes rolled segments, then cleans, in the order asked. */
  private final ThreadPoolExecutor background;

  // Lock order: syncLock before writeLock. writeLock guards appending and the current segment;
  // syncLock serializes flushes, rolls and close.
  private final ReentrantLock syncLock = new ReentrantLock();
  private final ReentrantLock writeLock = new ReentrantLock();
  private Segment current; // guarded by writeLock (replaced only with syncLock held too)
  private long nextSeq; // guarded by writeLock
  private byte[] copyChunk; // guarded by writeLock
  private volatile boolean closed;

  private final LongAdder recordsWritten = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder syncs = new LongAdder();
  private final LongAdder segmentsCreated = new LongAdder();
  private final LongAdder segmentsDeleted = new LongAdder();
  private final LongAdder recordsRejected = new LongAdder();
  private final LongAdder writesFailed = new LongAdder();
  private final LongAdder corruptRecordsSkipped = new LongAdder();
  private final LongAdder tornTailsSkipped = new LongAdder();

  /** The segment being written. */
  private static final class Segment {
    final SegmentName name;
    final Path path;
    final FSDataOutputStream out;
    final long openedAtClockMillis;
    long written; // guarded by writeLock: bytes appended, header included
    volatile long synced; // bytes known durable; advanced with syncLock held
    volatile IOException failure; // set once; the segment takes no more records
    boolean closed; // guarded by writeLock

    Segment(SegmentName name, Path path, FSDataOutputStream out, long openedAtClockMillis) {
      this.name = name;
      this.path = path;
      this.out = out;
      this.openedAtClockMillis = openedAtClockMillis;
    }
  }

  /**
   * Opens the log in {@code dir} on the file system {@code conf} names for it; see {@link
   * #open(FileSystem, Path, WalSettings, Clock)}.
   */
  public HdfsWriteAheadLog(Path dir, Configuration conf, WalSettings settings, Clock clock)
      throws IOException {
    this(dir.getFileSystem(conf), dir, settings, clock);
  }

  private HdfsWriteAheadLog(FileSystem fs, Path dir, WalSettings settings, Clock clock)
      throws IOException {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    // Hadoop's checksummed local streams cannot hflush; frames carry their own checksums anyway.
    this.fs = fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    this.dir = this.fs.makeQualified(dir);
    this.fs.mkdirs(this.dir);
    List<SegmentName> existing = segmentNames();
    this.nextSeq = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).seq() + 1;
    this.readers = new SegmentReaders(this.fs, OPEN_READERS);
    String threadName = "sluice-wal " + this.dir.getName();
    this.background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, threadName);
          thread.setDaemon(true);
          return thread;
        });
    if (existing.isEmpty()) {
      LOG.info("WAL {}: opened, empty", this.dir);
    } else {
      LOG.info("WAL {}: opened with {} segments from earlier runs (times {} to {}); writing from "
              + "segment {}", this.dir, existing.size(), existing.get(0).start(),
          existing.get(existing.size() - 1).end(), nextSeq);
    }
  }

  /**
   * Opens the log in {@code dir}, creating the folder when absent and recovering it when not: its
   * segments stay readable and the first write starts a new one.
   *
   * @param fs the file system of {@code dir}; not closed by the log (Hadoop shares instances)
   * @param clock rolls segments that stay open longer than the roll interval; tests pass their
   *     own to drive time
   * @throws IOException when the folder cannot be created or listed
   */
  public static HdfsWriteAheadLog open(FileSystem fs, Path dir, WalSettings settings, Clock clock)
      throws IOException {
    return new HdfsWriteAheadLog(fs, dir, settings, clock);
  }

  /** The folder this log writes, qualified. */
  public Path dir() {
    return dir;
  }

  // ---- writing ----

  @Override
  public WalHandle write(ByteBuffer record, long timeMillis) throws IOException {
    Objects.requireNonNull(record, "record");
    if (timeMillis < 0) {
      throw new IllegalArgumentException("a WAL record's time must be non-negative, was " + timeMillis);
    }
    int length = record.remaining();
    if (length > settings.maxRecordBytes()) {
      recordsRejected.increment();
      throw new IllegalArgumentException("a WAL record of " + length + " bytes exceeds "
          + WAL_MAX_RECORD_BYTES_KEY + " (" + settings.maxRecordBytes() + " bytes)");
    }
    byte[] frameHeader = SegmentFormat.frameHeader(record);
    try {
      return append(record, timeMillis, frameHeader);
    } catch (IOException e) {
      writesFailed.increment();
      throw e;
    }
  }

  private WalHandle append(ByteBuffer record, long timeMillis, byte[] frameHeader)
      throws IOException {
    int length = record.remaining();
    Segment segment;
    long offset;
    long end;
    lockForAppend(timeMillis);
    try {
      segment = current;
      offset = segment.written;
      try {
        segment.out.write(frameHeader);
        writePayload(segment.out, record.duplicate());
      } catch (IOException | RuntimeException e) {
        fail(segment, e);
        throw new IOException("WAL " + dir + ": could not append to " + segment.path, e);
      }
      segment.written = end = offset + FRAME_HEADER_BYTES + length;
    } finally {
      writeLock.unlock();
    }

    syncUpTo(segment, end);
    recordsWritten.increment();
    bytesWritten.add(length);
    return new WalHandle(segment.path.toString(), offset, length);
  }

  /**
   * Takes the write lock with a current segment fit for a record of {@code timeMillis}, rolling
   * first if needed. A roll closes a stream a flush may be using, so it needs the sync lock too,
   * which must be taken first.
   */
  private void lockForAppend(long timeMillis) throws IOException {
    writeLock.lock();
    if (closed) {
      writeLock.unlock();
      throw new IllegalStateException("WAL " + dir + " is closed");
    }
    if (current != null && !needsRoll(current, timeMillis)) {
      return;
    }
    writeLock.unlock();
    syncLock.lock();
    try {
      writeLock.lock();
      try {
        if (closed) {
          throw new IllegalStateException("WAL " + dir + " is closed");
        }
        if (current == null || needsRoll(current, timeMillis)) {
          roll(timeMillis);
        }
      } catch (IOException | RuntimeException e) {
        writeLock.unlock();
        throw e;
      }
    } finally {
      syncLock.unlock();
    }
  }

  private boolean needsRoll(Segment segment, long timeMillis) {
    return segment.failure != null
        || timeMillis >= segment.name.end()
        || clock.millis() - segment.openedAtClockMillis >= settings.rollInterval().toMillis();
  }

  /** Closes the current segment and opens the next; with both locks held. */
  private void roll(long timeMillis) throws IOException {
    if (current != null) {
      Segment rolled = retire(current);
      current = null;
      closeInBackground(rolled);
    }
    long end = timeMillis + settings.rollInterval().toMillis();
    end = end < timeMillis ? Long.MAX_VALUE : end;
    for (int attempt = 0; ; attempt++) {
      SegmentName name = new SegmentName(nextSeq++, timeMillis, end);
      Path path = new Path(dir, name.fileName());
      FSDataOutputStream out;
      try {
        out = fs.create(path, false, WRITE_BUFFER_BYTES);
      } catch (FileAlreadyExistsException e) {
        // Another process writes this folder too (a receiver not quite dead): step past it.
        if (attempt >= CREATE_ATTEMPTS) {
          throw e;
        }
        LOG.warn("WAL {}: segment {} exists already; is another process writing this log?",
            dir, name.fileName());
        continue;
      }
      if (!out.hasCapability(HFLUSH_CAPABILITY)) {
        out.close();
        fs.delete(path, false);
        throw new IOException("WAL " + dir + ": " + fs.getUri() + " (" + fs.getClass().getSimpleName()
            + ") cannot hflush, so it cannot make records durable; put the log on HDFS or a local"
            + " folder");
      }
      Segment segment = new Segment(name, path, out, clock.millis());
      try {
        out.write(SegmentFormat.segmentHeader());
      } catch (IOException e) {
        fail(segment, e);
        closeInBackground(retire(segment));
        throw e;
      }
      segment.written = SegmentFormat.HEADER_BYTES;
      current = segment;
      segmentsCreated.increment();
      LOG.debug("WAL {}: writing segment {}", dir, name.fileName());
      return;
    }
  }

  private void writePayload(FSDataOutputStream out, ByteBuffer payload) throws IOException {
    if (payload.hasArray()) {
      out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
      return;
    }
    if (copyChunk == null) {
      copyChunk = new byte[COPY_CHUNK_BYTES];
    }
    while (payload.hasRemaining()) {
      int n = Math.min(copyChunk.length, payload.remaining());
      payload.get(copyChunk, 0, n);
      out.write(copyChunk, 0, n);
    }
  }

  /**
   * Returns once the segment is durable up to {@code end}. Whoever gets the sync lock flushes all
   * that is appended by then, covering every writer queued behind it.
   */
  private void syncUpTo(Segment segment, long end) throws IOException {
    if (segment.synced >= end) {
      return;
    }
    syncLock.lock();
    try {
      if (segment.synced >= end) {
        return;
      }
      IOException failure = segment.failure;
      if (failure != null) {
        throw new IOException("WAL " + dir + ": segment " + segment.path
            + " failed before the record was flushed", failure);
      }
      long target;
      writeLock.lock();
      try {
        target = segment.written;
      } finally {
        writeLock.unlock();
      }
      try {
        segment.out.hflush();
      } catch (IOException | RuntimeException e) {
        fail(segment, e);
        throw new IOException("WAL " + dir + ": could not flush " + segment.path, e);
      }
      syncs.increment();
      segment.synced = target;
    } finally {
      syncLock.unlock();
    }
  }

  private void fail(Segment segment, Exception e) {
    if (segment.failure == null) {
      segment.failure = e instanceof IOException io ? io : new IOException(e);
      LOG.warn("WAL {}: segment {} failed; the next write starts a new one", dir,
          segment.path.getName(), e);
    }
  }

  /**
   * Takes a segment out of service, with both locks held: it is flushed here, so that writers
   * waiting on it return, and closed later by the caller outside the locks. On HDFS a close waits
   * for the NameNode to complete the file, often hundreds of milliseconds, which must not stall
   * writers at every roll.
   */
  private Segment retire(Segment segment) {
    if (segment.closed) {
      return segment;
    }
    segment.closed = true;
    if (segment.failure == null) {
      try {
        segment.out.hflush();
        syncs.increment();
        segment.synced = segment.written;
      } catch (IOException | RuntimeException e) {
        fail(segment, e);
      }
    }
    return segment;
  }

  private void closeInBackground(Segment segment) {
    try {
      background.execute(new SegmentCloser(segment));
    } catch (RejectedExecutionException shuttingDown) {
      closeStream(segment);
    }
  }

  /** Queued on the background thread; a type of its own so that close() can tell it from a clean. */
  private final class SegmentCloser implements Runnable {
    final Segment segment;

    SegmentCloser(Segment segment) {
      this.segment = segment;
    }

    @Override
    public void run() {
      closeStream(segment);
    }
  }

  /** @return the failure, or null when the segment closed cleanly */
  private IOException closeStream(Segment segment) {
    try {
      segment.out.close();
      LOG.debug("WAL {}: closed segment {} at {} bytes", dir, segment.path.getName(),
          segment.written);
      return null;
    } catch (IOException | RuntimeException e) {
      // Every acknowledged record was flushed before: a failed close loses none of them.
      LOG.warn("WAL {}: could not close segment {}; the records acknowledged from it were flushed"
          + " before", dir, segment.path.getName(), e);
      return e instanceof IOException io ? io : new IOException(e);
    }
  }


  // ---- reading ----

  @Override
  public ByteBuffer read(WalHandle handle) throws IOException {
    Path segment = new Path(handle.segment());
    if (handle.length() > WalSettings.MAX_RECORD_BYTES_LIMIT) {
      throw new IOException("WAL handle " + handle + " names an impossible record length");
    }
    // Header and payload are read into arrays of their own, so that the payload comes back in an
    // array of exactly its size which callers can use without copying it (blocks are megabytes).
    byte[] header = new byte[FRAME_HEADER_BYTES];
    byte[] payload = new byte[handle.length()];
    try {
      readers.readFully(segment, handle.offset(), header);
      readers.readFully(segment, handle.offset() + FRAME_HEADER_BYTES, payload);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("WAL segment " + segment + " of record at offset "
          + handle.offset() + " no longer exists (cleaned?)");
    } catch (EOFException e) {
      throw new IOException("WAL record in segment " + segment + " at offset " + handle.offset()
          + " (" + handle.length() + " bytes) runs past the end of the segment: truncated", e);
    }
    String problem = null;
    if (SegmentFormat.intAt(header, 0) != MARKER) {
      problem = "no record marker";
    } else if (SegmentFormat.intAt(header, 4) != handle.length()) {
      problem = "the record says " + SegmentFormat.intAt(header, 4) + " bytes, the handle "
          + handle.length();
    } else if (SegmentFormat.checksum(handle.length(), payload, 0)
        != SegmentFormat.intAt(header, 8)) {
      problem = "checksum mismatch";
    }
    if (problem != null) {
      throw new IOException("corrupt WAL record in segment " + segment + " at offset "
          + handle.offset() + ": " + problem);
    }
    return ByteBuffer.wrap(payload);
  }

  @Override
  public CloseableIterator<ByteBuffer> readAll() throws IOException {
    List<SegmentName> names = segmentNames();
    long activeSeq;
    long activeSynced;
    writeLock.lock();
    try {
      activeSeq = current == null ? -1 : current.name.seq();
      activeSynced = current == null ? -1 : current.synced;
    } finally {
      writeLock.unlock();
    }
    return new AllRecords(names, activeSeq, activeSynced);
  }

  /** Reads segment after segment, each opened only when the previous one is done. */
  private final class AllRecords implements CloseableIterator<ByteBuffer> {
    private final Iterator<SegmentName> segments;
    private final long activeSeq;
    private final long activeSynced;
    private SegmentReader reader;
    private ByteBuffer next;
    private boolean done;

    AllRecords(List<SegmentName> names, long activeSeq, long activeSynced) {
      this.segments = names.iterator();
      this.activeSeq = activeSeq;
      this.activeSynced = activeSynced;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      try {
        while (true) {
          if (reader != null) {
            next = reader.next();
            if (next != null) {
              return true;
            }
            reader.close();
            reader = null;
          }
          if (!segments.hasNext()) {
            done = true;
            return false;
          }
          SegmentName name = segments.next();
          Path path = new Path(dir, name.fileName());
          // Only what this log has flushed of its own open segment: the rest may be half written.
          long limit = name.seq() == activeSeq ? activeSynced : -1;
          try {
            // The hard limit, not the configured maximum: lowering the setting must not turn
            // records written before into damage.
            reader = SegmentReader.open(fs, path, limit, WalSettings.MAX_RECORD_BYTES_LIMIT, damage);
          } catch (FileNotFoundException cleaned) {
            LOG.debug("WAL {}: segment {} was deleted while reading", dir, path.getName());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("WAL " + dir + ": reading failed", e);
      }
    }

    @Override
    public ByteBuffer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ByteBuffer record = next;
      next = null;
      return record;
    }

    @Override
    public void close() throws IOException {
      done = true;
      next = null;
      if (reader != null) {
        reader.close();
        reader = null;
      }
    }
  }

  private final SegmentReader.DamageListener damage = new SegmentReader.DamageListener() {
    @Override
    public void corrupt(Path segment, long offset, long bytesSkipped, String why) {
      corruptRecordsSkipped.increment();
      LOG.warn("WAL {}: corrupt data in segment {} at offset {} ({}): skipped {} bytes to the next"
          + " intact record", dir, segment.getName(), offset, why, bytesSkipped);
    }

    @Override
    public void tornTail(Path segment, long offset, long bytesIgnored, String why) {
      tornTailsSkipped.increment();
      LOG.warn("WAL {}: torn tail in segment {} at offset {} ({}): ignored its last {} bytes, as a"
          + " writer that died mid-record leaves them", dir, segment.getName(), offset, why,
          bytesIgnored);
    }
  };

  /** The segments in the folder, in creation order; other files are ignored. */
  private List<SegmentName> segmentNames() throws IOException {
    List<SegmentName> names = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir)) {
      Optional<SegmentName> name = SegmentName.parse(status.getPath().getName());
      if (name.isPresent() && status.isFile()) {
        names.add(name.get());
      } else {
        LOG.debug("WAL {}: ignoring {}, not a segment", dir, status.getPath().getName());
      }
    }
    Collections.sort(names);
    return names;
  }

  // ---- cleaning ----

  @Override
  public void clean(long thresholdTimeMillis, boolean waitForCompletion) {
    Future<?> done;
    try {
      done = background.submit(() -> {
        try {
          cleanNow(thresholdTimeMillis);
        } catch (IOException e) {
          if (!waitForCompletion) {
            LOG.warn("WAL {}: cleaning segments older than {} failed; the next clean retries", dir,
                thresholdTimeMillis, e);
          }
          throw new UncheckedIOException(e);
        }
      });
    } catch (RejectedExecutionException closedMeanwhile) {
      LOG.debug("WAL {}: closed, not cleaning", dir);
      return;
    }
    if (!waitForCompletion) {
      return;
    }
    try {
      done.get();
    } catch (CancellationException closedMeanwhile) {
      LOG.debug("WAL {}: closed before cleaning", dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          new InterruptedIOException("interrupted while cleaning WAL " + dir));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io;
      }
      throw new IllegalStateException("WAL " + dir + ": cleaning failed", e.getCause());
    }
  }

  private void cleanNow(long thresholdTimeMillis) throws IOException {
    closeIdleSegment();
    // Every segment created from here on has a sequence number of at least this one: skipping
    // those keeps the segment being written safe without holding a lock while deleting.
    long firstProtected;
    writeLock.lock();
    try {
      firstProtected = current != null ? current.name.seq() : nextSeq;
    } finally {
      writeLock.unlock();
    }
    int deleted = 0;
    for (SegmentName name : segmentNames()) {
      if (name.seq() >= firstProtected || name.end() > thresholdTimeMillis) {
        continue;
      }
      Path path = new Path(dir, name.fileName());
      readers.evict(path);
      if (fs.delete(path, false)) {
        deleted++;
        segmentsDeleted.increment();
      }
    }
    if (deleted > 0) {
      LOG.debug("WAL {}: deleted {} segments older than {}", dir, deleted, thresholdTimeMillis);
    }
  }

  /**
   * A segment nobody wrote to for a roll interval is closed, so that an idle receiver does not
   * hold an HDFS file open (and its lease) for ever, and the segment can be cleaned later.
   */
  private void closeIdleSegment() {
    Segment idle = null;
    syncLock.lock();
    try {
      writeLock.lock();
      try {
        if (current != null && !closed
            && clock.millis() - current.openedAtClockMillis >= settings.rollInterval().toMillis()) {
          idle = retire(current);
          current = null;
        }
      } finally {
        writeLock.unlock();
      }
    } finally {
      syncLock.unlock();
    }
    // On the background thread already: close it before this clean goes on to delete.
    if (idle != null) {
      closeStream(idle);
    }
  }


  @Override
  public WalMetrics metrics() {
    return new WalMetrics(recordsWritten.sum(), bytesWritten.sum(), syncs.sum(),
        segmentsCreated.sum(), segmentsDeleted.sum(), recordsRejected.sum(), writesFailed.sum(),
        corruptRecordsSkipped.sum(), tornTailsSkipped.sum());
  }

  @Override
  public void close() throws IOException {
    Segment last = null;
    syncLock.lock();
    try {
      writeLock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        if (current != null) {
          last = retire(current);
          current = null;
        }
      } finally {
        writeLock.unlock();
      }
    } finally {
      syncLock.unlock();
    }
    IOException failure = last == null ? null : last.failure;
    if (last != null) {
      IOException closing = closeStream(last);
      failure = failure != null ? failure : closing;
    }
    // Rolled segments still queued are closed here; queued cleans are cancelled (cleaning is
    // resumable), so that a caller waiting for one returns. A task already running finishes.
    List<Runnable> queued = new ArrayList<>();
    background.getQueue().drainTo(queued);
    background.shutdown();
    for (Runnable task : queued) {
      if (task instanceof SegmentCloser closer) {
        closer.run();
      } else if (task instanceof Future<?> future) {
        future.cancel(false);
      }
    }
    try {
      if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("WAL {}: the background thread is still busy after 30 s; leaving it", dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readers.close();
    LOG.info("WAL {}: closed", dir);
    if (failure != null) {
      throw new IOException("WAL " + dir + ": the last segment did not close cleanly", failure);
    }
  }


  @Override
  public String toString() {
    return "HdfsWriteAheadLog[" + dir + "]";
  }
}
