package io.sluice.streaming.internal;

import io.sluice.streaming.internal.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the bytes of received blocks: in memory, within a byte budget, until their batch is done,
 * and, with the WAL on, in one write-ahead log per input stream from which a restarted driver (or
 * a batch whose blocks did not fit the budget) reads them back.
 *
 * <p>The budget goes to the blocks needed soonest, those of batches still to run. Once a batch has
 * run ({@link #processed}), its blocks leave memory at once when no later batch reads them, and
 * otherwise (a window reaches back) stay only while no newer block needs the room: a new block
 * evicts them, oldest first, rather than going to the WAL alone. Kept until the tracker forgets
 * them (a batch or two later), they would fill the budget, send most blocks of the next batch to
 * be read back from the WAL (once per output), and, living long enough to be promoted, be copied
 * by every old-generation collection. Without a WAL, memory is the only copy: blocks are never
 * evicted, whatever the budget says.
 */
final class BlockStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

  private final Wals wals;
  private final Map<Integer, WriteAheadLog> logs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> memory = new ConcurrentHashMap<>();
  /** Blocks in memory whose batch ran and that the WAL holds too, oldest first; guarded by this. */
  private final LinkedHashMap<String, Integer> evictable = new LinkedHashMap<>();
  private long bytesInMemory; // guarded by this
  private final long maxBytesInMemory;
  private final BatchClock clock;
  private final LongAdder readsFromMemory = new LongAdder();
  private final LongAdder readsFromWal = new LongAdder();

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
    if (reserve(block.length, handle == null)) {
      memory.put(blockId, block);
    }
    return new BlockInfo(streamId, blockId, records, block.length, now, handle, mark);
  }

  /**
   * Counts {@code bytes} into the budget, evicting blocks of processed batches to make room;
   * false when they do not fit. {@code always}: counted even over the budget (no other copy).
   */
  private synchronized boolean reserve(int bytes, boolean always) {
    Iterator<Map.Entry<String, Integer>> oldest = evictable.entrySet().iterator();
    while (bytesInMemory + bytes > maxBytesInMemory && oldest.hasNext()) {
      Map.Entry<String, Integer> e = oldest.next();
      oldest.remove();
      memory.remove(e.getKey());
      bytesInMemory -= e.getValue();
    }
    if (always || bytesInMemory + bytes <= maxBytesInMemory) {
      bytesInMemory += bytes;
      return true;
    }
    return false;
  }

  byte[] read(BlockInfo block) {
    byte[] bytes = memory.get(block.blockId());
    if (bytes != null) {
      readsFromMemory.increment();
      return bytes;
    }
    if (block.walHandle() == null) {
      throw new IllegalStateException("block " + block.blockId() + " of stream " + block.streamId()
          + " is no longer in memory and the write-ahead log is off");
    }
    readsFromWal.increment();
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

  /**
   * The batch of these blocks has run. Those the WAL holds leave memory now when no later batch
   * reads them ({@code readAgain} false: no window reaches back to their batch); otherwise their
   * memory goes to newer blocks when the budget is short. Either way they stay readable (from the
   * WAL once out of memory) until {@link #forget}.
   */
  synchronized void processed(Collection<BlockInfo> blocks, boolean readAgain) {
    for (BlockInfo block : blocks) {
      byte[] bytes = block.walHandle() == null ? null : memory.get(block.blockId());
      if (bytes == null) {
        continue;
      }
      if (readAgain) {
        evictable.put(block.blockId(), bytes.length);
      } else {
        memory.remove(block.blockId());
        bytesInMemory -= bytes.length;
      }
    }
  }

  synchronized void forget(Collection<BlockInfo> blocks) {
    for (BlockInfo block : blocks) {
      evictable.remove(block.blockId());
      byte[] removed = memory.remove(block.blockId());
      if (removed != null) {
        bytesInMemory -= removed.length;
      }
    }
  }

  /** Deletes log segments holding only blocks older than {@code time}. */
  void cleanBefore(long time) {
    for (WriteAheadLog log : logs.values()) {
      log.clean(time, false);
    }
  }

  synchronized long bytesInMemory() {
    return bytesInMemory;
  }

  /** Blocks read for a batch from memory, and from the write-ahead log. */
  long readsFromMemory() {
    return readsFromMemory.sum();
  }

  long readsFromWal() {
    return readsFromWal.sum();
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
    LOG.debug("Blocks read from memory: {}, from the write-ahead log: {}", readsFromMemory.sum(),
        readsFromWal.sum());
    for (WriteAheadLog log : logs.values()) {
      try {
        log.close();
      } catch (IOException e) {
        LOG.warn("Could not close a write-ahead log", e);
      }
    }
  }
}
