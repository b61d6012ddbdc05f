package io.sluice.streaming.internal;

import io.sluice.streaming.internal.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the bytes of received blocks: in memory until their batch is done, and, with the WAL on,
 * in one write-ahead log per input stream from which a restarted driver reads them back.
 */
final class BlockStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

  private final Wals wals;
  private final Map<Integer, WriteAheadLog> logs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> memory = new ConcurrentHashMap<>();
  private final AtomicLong bytesInMemory = new AtomicLong();
  private final long maxBytesInMemory;
  private final BatchClock clock;

  /**
   * @param wals opens the per-stream logs, or null when the write-ahead log is off
   * @param maxBytesInMemory past this, blocks stay only in the WAL until their batch reads them
   */
  BlockStore(Wals wals, long maxBytesInMemory, BatchClock clock) {
    this.wals = wals;
    this.maxBytesInMemory = maxBytesInMemory;
    this.clock = clock;
  }

  BlockInfo store(int streamId, String blockId, byte[] block, long records, String mark)
      throws IOException {
    long now = clock.nowMillis();
    var handle = wals == null ? null : log(streamId).write(ByteBuffer.wrap(block), now);
    // Without a WAL, memory is the only copy: keep it whatever the budget says.
    if (handle == null || bytesInMemory.get() + block.length <= maxBytesInMemory) {
      memory.put(blockId, block);
      bytesInMemory.addAndGet(block.length);
    }
    return new BlockInfo(streamId, blockId, records, block.length, now, handle, mark);
  }

  byte[] read(BlockInfo block) {
    byte[] bytes = memory.get(block.blockId());
    if (bytes != null) {
      return bytes;
    }
    if (block.walHandle() == null) {
      throw new IllegalStateException("block " + block.blockId() + " of stream " + block.streamId()
          + " is no longer in memory and the write-ahead log is off");
    }
    try {
      ByteBuffer buffer = log(block.streamId()).read(block.walHandle());
      if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
          && buffer.remaining() == buffer.array().length) {
        return buffer.array();
      }
      byte[] read = new byte[buffer.remaining()];
      buffer.get(read);
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read block " + block.blockId() + " from the write-ahead "
          + "log at " + block.walHandle(), e);
    }
  }

  void forget(Collection<BlockInfo> blocks) {
    for (BlockInfo block : blocks) {
      byte[] removed = memory.remove(block.blockId());
      if (removed != null) {
        bytesInMemory.addAndGet(-removed.length);
      }
    }
  }

  /** Deletes log segments holding only blocks older than {@code time}. */
  void cleanBefore(long time) {
    for (WriteAheadLog log : logs.values()) {
      log.clean(time, false);
    }
  }

  long bytesInMemory() {
    return bytesInMemory.get();
  }

  private WriteAheadLog log(int streamId) {
    return logs.computeIfAbsent(streamId, id -> {
      try {
        return wals.open("receivedData/" + id);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the write-ahead log of stream " + id, e);
      }
    });
  }

  void close() {
    for (WriteAheadLog log : logs.values()) {
      try {
        log.close();
      } catch (IOException e) {
        LOG.warn("Could not close a write-ahead log", e);
      }
    }
  }
}
