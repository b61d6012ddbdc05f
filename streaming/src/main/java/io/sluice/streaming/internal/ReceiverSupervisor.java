package io.sluice.streaming.internal;

import io.sluice.streaming.Receiver;
import io.sluice.streaming.RecordCodec;
import io.sluice.streaming.ReceiverStatus;
import io.sluice.streaming.StreamingConfigKeys;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Receiver}: binds it, starts and stops it, restarts it with growing backoff when it
 * asks or fails, cuts the records of {@code store(T)} into blocks every block interval (or sooner,
 * at {@code block.max.bytes}), enforces the rate limit, and sends every block to a {@link
 * BlockSink}. Records are encoded as they are handed over, into the block's own layout, so the
 * pending block is one byte array, not a list of objects the garbage collector must trace and
 * promote. One thread cuts blocks; one thread at a time restarts.
 */
public final class ReceiverSupervisor<T> {
  /** Bytes a block laid out by a receiver ({@link #storeBlockInPlace}) keeps free for its header. */
  public static final int BLOCK_HEADER_BYTES = Blocks.HEADER_BYTES;

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverSupervisor.class);

  private final int streamId;
  private final String streamName;
  private final Receiver<T> receiver;
  private final RecordCodec<T> codec;
  private final BlockSink sink;
  private final ReceiverSettings settings;
  private final RateLimiter rateLimiter;
  private final String blockIdPrefix;
  private final AtomicLong blockSequence = new AtomicLong();

  /**
   * The records of {@code store(T)} not yet in a block. Once it reaches {@code block.max.bytes} the
   * block generator cuts it at once, and store(T) waits while it is that full: a receiver faster
   * than its WAL must slow down, not fill the heap.
   */
  private final Object bufferLock = new Object();
  /** One instance, not a new method reference per record on the store path. */
  private final java.util.function.IntConsumer onOversized = this::rejectOversized;
  private Blocks.Builder<T> buffer;
  private Thread blockGenerator;
  private final Object restartLock = new Object();
  private volatile boolean receiverStopped = true;
  private volatile boolean supervisorStopped;
  private long failuresInARow;

  // metrics
  private final AtomicLong recordsStored = new AtomicLong();
  private final AtomicLong bytesStored = new AtomicLong();
  private final AtomicLong blocksStored = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong oversizedRecords = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private volatile String lastError = "";

  public ReceiverSupervisor(int streamId, String streamName, Receiver<T> receiver,
      RecordCodec<T> codec, BlockSink sink, ReceiverSettings settings) {
    this.streamId = streamId;
    this.streamName = streamName;
    this.receiver = receiver;
    this.codec = codec;
    this.sink = sink;
    this.settings = settings;
    this.rateLimiter = new RateLimiter(settings.maxRate());
    this.blockIdPrefix = "s" + streamId + "-" + System.currentTimeMillis() + "-";
    this.buffer = newBuffer(0);
  }

  /**
   * A buffer the size of the block just cut (a steady stream's blocks are alike), so a fast
   * receiver does not copy its way up from a small array for every block.
   */
  private Blocks.Builder<T> newBuffer(int lastBlockBytes) {
    int capacity = Math.min(settings.blockMaxBytes() + settings.blockMaxBytes() / 8,
        Math.max(64 * 1024, lastBlockBytes + lastBlockBytes / 8));
    return new Blocks.Builder<>(codec, settings.maxRecordBytes(), capacity);
  }

  public void start() {
    blockGenerator = new Thread(this::generateBlocks, "sluice-blocks-" + streamName);
    blockGenerator.setDaemon(true);
    blockGenerator.start();
    startReceiver();
  }

  /**
   * Stops the receiver, then stores what {@code store(T)} still buffers. When this returns, every
   * record the receiver handed over is in a registered block (or counted as lost, with an error).
   */
  public void stop() {
    supervisorStopped = true;
    stopReceiver("the stream is stopping");
    if (blockGenerator != null) {
      blockGenerator.interrupt();
      try {
        blockGenerator.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushBuffer(true);
  }

  public String streamName() {
    return streamName;
  }

  public boolean isStopped() {
    return receiverStopped || supervisorStopped;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public void storeOne(T record) {
    acquire(1);
    synchronized (bufferLock) {
      awaitRoom();
      buffer.add(record, onOversized);
      cutIfFull();
    }
  }

  public void storeMany(List<T> records) {
    acquire(records.size());
    synchronized (bufferLock) {
      awaitRoom();
      for (T record : records) {
        buffer.add(record, onOversized);
      }
      cutIfFull();
    }
  }

  /** Adds {@code count} records already in the stream codec's encoding to the next block. */
  public void storeEncoded(byte[] encoded, int offset, int length, int count) {
    acquire(count);
    synchronized (bufferLock) {
      awaitRoom();
      buffer.addEncoded(encoded, offset, length, count);
      cutIfFull();
    }
  }

  private void acquire(int records) {
    try {
      rateLimiter.acquire(records);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Receiver.StoreException("interrupted while waiting for the rate limit", e);
    }
  }

  /** Waits while the pending block is full: the generator is still storing the block before. */
  private void awaitRoom() {
    while (buffer.bytes() >= settings.blockMaxBytes() && !supervisorStopped) {
      try {
        bufferLock.wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Receiver.StoreException("interrupted while the block generator caught up", e);
      }
    }
  }

  private void cutIfFull() {
    if (buffer.bytes() >= settings.blockMaxBytes()) {
      bufferLock.notifyAll(); // the block generator cuts now
    }
  }

  public java.util.Set<String> storedMarks() {
    return sink.sourceMarks(streamId);
  }

  public void storeBlock(List<T> records) {
    storeBlock(records, null, List.of());
  }

  public void storeBlock(List<T> records, String sourceMark) {
    storeBlock(records, sourceMark, List.of());
  }

  /**
   * Stores a block with {@code sourceMark} and retires the marks {@code retire} in the same durable
   * step (one metadata log record); with nothing to store, only retires.
   */
  public void storeBlock(List<T> records, String sourceMark, java.util.Collection<String> retire) {
    storeDurably(records.size(),
        () -> Blocks.encode(records, codec, settings.maxRecordBytes(), onOversized), sourceMark, retire);
  }

  /**
   * Like {@link #storeBlock(List, String, java.util.Collection)} for records already encoded, laid
   * out in {@code block} from {@link #BLOCK_HEADER_BYTES} to its end: the array itself becomes the
   * block.
   */
  public void storeBlockInPlace(byte[] block, int count, String sourceMark,
      java.util.Collection<String> retire) {
    storeDurably(count, () -> Blocks.inPlace(block, count), sourceMark, retire);
  }

  public int maxRecordBytes() {
    return settings.maxRecordBytes();
  }

  /** The largest block that can be stored ({@code sluice.streaming.wal.max.record.bytes}). */
  public int maxBlockBytes() {
    return settings.maxStoredBlockBytes();
  }

  private void storeDurably(int count, java.util.function.Supplier<Blocks.Encoded> encode,
      String sourceMark, java.util.Collection<String> retire) {
    if (count == 0 && sourceMark == null && retire.isEmpty()) {
      return;
    }
    try {
      rateLimiter.acquire(count);
      Blocks.Encoded block = encode.get();
      if (block.records() == 0 && sourceMark == null) {
        if (!retire.isEmpty()) {
          sink.retireMarks(streamId, retire);
        }
        return;
      }
      storeEncoded(block, sourceMark, retire);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Receiver.StoreException("interrupted while storing a block of " + streamName, e);
    } catch (IOException | RuntimeException e) {
      errors.incrementAndGet();
      lastError = String.valueOf(e);
      throw new Receiver.StoreException("could not store a block of " + count
          + " records of stream " + streamName
          + (retire.isEmpty() ? "" : " retiring " + retire.size() + " marks") + ": "
          + e.getMessage(), e);
    }
  }

  private void storeEncoded(Blocks.Encoded block, String sourceMark,
      java.util.Collection<String> retire) throws IOException {
    String blockId = blockIdPrefix + blockSequence.incrementAndGet();
    sink.store(streamId, blockId, block.bytes(), block.records(), sourceMark, retire);
    recordsStored.addAndGet(block.records());
    bytesStored.addAndGet(block.bytes().length);
    blocksStored.incrementAndGet();
  }

  /** Forgets source marks of this stream without storing a block. */
  public void retireMarks(java.util.Collection<String> retire) {
    try {
      sink.retireMarks(streamId, retire);
    } catch (IOException | RuntimeException e) {
      errors.incrementAndGet();
      lastError = String.valueOf(e);
      throw new Receiver.StoreException("could not retire " + retire.size() + " source marks of stream "
          + streamName + ": " + e.getMessage(), e);
    }
  }

  /** An oversized record is left out of its block, counted and reported; the rest of the block lands. */
  public void rejectOversized(long size) {
    long count = oversizedRecords.incrementAndGet();
    lastError = "rejected a record of " + size + " bytes";
    LOG.error("[{}] Rejected a record of {} bytes: over the limit of {} bytes set by {} ({} rejected "
        + "so far)", streamName, size, settings.maxRecordBytes(),
        StreamingConfigKeys.RECEIVER_MAX_RECORD_BYTES_KEY, count);
  }

  public void restart(String reason, Throwable error) {
    if (supervisorStopped) {
      return;
    }
    errors.incrementAndGet();
    lastError = reason + (error == null ? "" : ": " + error);
    if (error == null) {
      LOG.warn("[{}] Restarting the receiver: {}", streamName, reason);
    } else {
      LOG.warn("[{}] Restarting the receiver: {}", streamName, reason, error);
    }
    Thread restarter = new Thread(() -> {
      synchronized (restartLock) {
        stopReceiver(reason);
        long backoff = Math.min(settings.restartBackoffMaxMs(),
            settings.restartBackoffInitialMs() << Math.min(20, failuresInARow++));
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          return;
        }
        if (!supervisorStopped) {
          restarts.incrementAndGet();
          startReceiver();
        }
      }
    }, "sluice-restart-" + streamName);
    restarter.setDaemon(true);
    restarter.start();
  }

  public void reportError(String message, Throwable error) {
    errors.incrementAndGet();
    lastError = message + (error == null ? "" : ": " + error);
    if (error == null) {
      // a null last argument is not taken as a throwable: Log4j would warn of a spare argument
      LOG.error("[{}] {}", streamName, message);
    } else {
      LOG.error("[{}] {}", streamName, message, error);
    }
  }

  /** The receiver is healthy again once a block lands after a restart. */
  private void startReceiver() {
    receiver.attach(this);
    receiverStopped = false;
    try {
      receiver.onStart();
      LOG.info("[{}] Receiver {} started", streamName, receiver.getClass().getSimpleName());
    } catch (RuntimeException e) {
      restart("onStart failed", e);
    }
  }

  private void stopReceiver(String reason) {
    if (receiverStopped) {
      return;
    }
    receiverStopped = true;
    try {
      receiver.onStop();
      LOG.info("[{}] Receiver stopped: {}", streamName, reason);
    } catch (RuntimeException e) {
      LOG.warn("[{}] Receiver's onStop failed", streamName, e);
    }
  }

  /** Cuts a block every block interval, or sooner when the buffer is full. */
  private void generateBlocks() {
    long nextCut = System.nanoTime() + settings.blockIntervalMs() * 1_000_000;
    while (!supervisorStopped) {
      try {
        synchronized (bufferLock) {
          long wait;
          while ((wait = nextCut - System.nanoTime()) > 0 && buffer.bytes() < settings.blockMaxBytes()) {
            bufferLock.wait(Math.max(1, wait / 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      if (now - nextCut >= 0) { // cut by time; a cut because the block is full keeps the schedule
        nextCut = now + settings.blockIntervalMs() * 1_000_000;
      }
      flushBuffer(false);
    }
  }

  /**
   * Stores the buffered records as one block, retrying while the sink fails; records are never
   * dropped silently: on the final flush a failure is reported with the number of records lost.
   */
  private void flushBuffer(boolean finalFlush) {
    Blocks.Encoded block;
    synchronized (bufferLock) {
      if (buffer.records() == 0) {
        return;
      }
      block = buffer.build();
      buffer = newBuffer(block.bytes().length);
      bufferLock.notifyAll();
    }
    long backoff = settings.restartBackoffInitialMs();
    while (true) {
      try {
        storeEncoded(block, null, List.of());
        failuresInARow = 0;
        return;
      } catch (IOException | RuntimeException e) {
        errors.incrementAndGet();
        lastError = String.valueOf(e);
        if (finalFlush || Thread.currentThread().isInterrupted()) {
          LOG.error("[{}] Could not store the last {} records received before stopping; they are lost",
              streamName, block.records(), e);
          return;
        }
        LOG.warn("[{}] Could not store a block of {} records; retrying in {} ms", streamName,
            block.records(), backoff, e);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        backoff = Math.min(settings.restartBackoffMaxMs(), backoff * 2);
      }
    }
  }

  public ReceiverStatus status() {
    return new ReceiverStatus(streamId, streamName, !isStopped(), recordsStored.get(),
        bytesStored.get(), blocksStored.get(), errors.get(), oversizedRecords.get(), restarts.get(),
        rateLimiter.rate(), lastError, receiver.sourceCounters());
  }
}
