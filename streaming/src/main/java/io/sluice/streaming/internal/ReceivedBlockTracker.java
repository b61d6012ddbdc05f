package io.sluice.streaming.internal;

import com.google.common.io.ByteArrayDataInput;
import com.google.common.io.ByteStreams;
import io.sluice.records.GrowableBuffer;
import io.sluice.streaming.internal.wal.WriteAheadLog;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's ledger of received blocks: which are waiting, which batch each went into, which
 * batches are gone. Every change is first appended to its own write-ahead log (block added, batch
 * allocated, batches cleaned), so a restarted driver replays it and knows exactly which blocks each
 * unfinished batch had and which blocks no batch has taken yet. Allocation records carry the full
 * block descriptions, so cleaning old log segments never loses what a kept batch needs.
 */
final class ReceivedBlockTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ReceivedBlockTracker.class);
  private static final byte BLOCK_ADDED = 1;
  private static final byte BATCH_ALLOCATED = 2;
  private static final byte BATCHES_CLEANED = 3;
  /** Since marks can be retired: a block plus the marks it retires, in one record. */
  private static final byte BLOCK_ADDED_RETIRING = 4;
  /** Marks retired without a block (a receiver stopping). */
  private static final byte MARKS_RETIRED = 5;
  // Types 4 and 5 wrote marks with writeUTF (at most 64 KB, a slow loop per character); 6 and 7
  // are the same records with marks as BlockInfo.writeMark writes them. Old logs still replay.
  private static final byte BLOCK_ADDED_RETIRING_2 = 6;
  private static final byte MARKS_RETIRED_2 = 7;

  private final WriteAheadLog log;
  private final BatchClock clock;
  private final Map<Integer, List<BlockInfo>> unallocated = new HashMap<>();
  private final TreeMap<Long, List<BlockInfo>> allocated = new TreeMap<>();
  private long lastAllocatedTime = Long.MIN_VALUE;
  /** Every source mark ever registered, per stream; checkpointed, so log cleanup never loses one. */
  private final Map<Integer, java.util.Set<String>> marks = new HashMap<>();
  /**
   * Marks the replayed log retired, per stream, until the checkpoint's marks are restored: the log
   * is replayed first, and a checkpoint written before a retirement still lists the mark.
   */
  private final Map<Integer, java.util.Set<String>> retiredInReplay = new HashMap<>();

  /** @param log the metadata log, or null when the write-ahead log is off */
  ReceivedBlockTracker(WriteAheadLog log, BatchClock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Replays the metadata log; returns how many events it read. */
  synchronized long recover() throws IOException {
    if (log == null) {
      return 0;
    }
    long events = 0;
    try (var records = log.readAll()) {
      while (records.hasNext()) {
        apply(records.next());
        events++;
      }
    }
    LOG.info("Recovered the block tracker from {} events: {} batches allocated (up to {}), {} blocks "
        + "waiting", events, allocated.size(), allocated.isEmpty() ? "-" : allocated.lastKey(),
        unallocated.values().stream().mapToInt(List::size).sum());
    return events;
  }

  synchronized void addBlock(BlockInfo block) throws IOException {
    addBlock(block, List.of());
  }

  /**
   * Registers {@code block} and forgets the source marks {@code retire} of its stream, in one log
   * record: after a crash either both happened or neither.
   */
  synchronized void addBlock(BlockInfo block, java.util.Collection<String> retire) throws IOException {
    if (retire.isEmpty()) {
      append(BLOCK_ADDED, out -> block.write(out));
    } else {
      append(BLOCK_ADDED_RETIRING_2, out -> {
        block.write(out);
        writeMarks(out, retire);
      });
    }
    added(block);
    retired(block.streamId(), retire);
  }

  /** Forgets the source marks {@code retire} of stream {@code streamId}, durably. */
  synchronized void retireMarks(int streamId, java.util.Collection<String> retire) throws IOException {
    if (retire.isEmpty()) {
      return;
    }
    append(MARKS_RETIRED_2, out -> {
      out.writeInt(streamId);
      writeMarks(out, retire);
    });
    retired(streamId, retire);
  }

  private static void writeMarks(DataOutputStream out, java.util.Collection<String> retire)
      throws IOException {
    out.writeInt(retire.size());
    for (String mark : retire) {
      BlockInfo.writeMark(out, mark);
    }
  }

  private static List<String> readMarks(ByteArrayDataInput in, boolean utf) throws IOException {
    int count = in.readInt();
    List<String> read = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      read.add(utf ? in.readUTF() : BlockInfo.readMark(in));
    }
    return read;
  }

  private void retired(int streamId, java.util.Collection<String> retire) {
    java.util.Set<String> set = marks.get(streamId);
    if (set != null) {
      set.removeAll(retire);
    }
  }

  private void added(BlockInfo block) {
    unallocated.computeIfAbsent(block.streamId(), id -> new ArrayList<>()).add(block);
    if (block.sourceMark() != null) {
      marks.computeIfAbsent(block.streamId(), id -> new java.util.HashSet<>()).add(block.sourceMark());
    }
  }

  synchronized java.util.Set<String> sourceMarks(int streamId) {
    return java.util.Set.copyOf(marks.getOrDefault(streamId, java.util.Set.of()));
  }

  /** Marks as (stream id, mark) pairs, for the checkpoint. */
  synchronized Map<Integer, java.util.Set<String>> allSourceMarks() {
    Map<Integer, java.util.Set<String>> copy = new HashMap<>();
    marks.forEach((stream, set) -> copy.put(stream, java.util.Set.copyOf(set)));
    return copy;
  }

  /**
   * Adds the marks of the checkpoint restored after {@link #recover()}, except those the replayed
   * log retired since (the checkpoint may predate the retirement).
   */
  synchronized void addSourceMarks(Map<Integer, java.util.Set<String>> restored) {
    restored.forEach((stream, set) -> {
      java.util.Set<String> target = marks.computeIfAbsent(stream, id -> new java.util.HashSet<>());
      java.util.Set<String> retired = retiredInReplay.getOrDefault(stream, java.util.Set.of());
      for (String mark : set) {
        if (!retired.contains(mark)) {
          target.add(mark);
        }
      }
    });
    retiredInReplay.clear();
  }

  /** Puts every waiting block into batch {@code time}; a time already allocated is left alone. */
  synchronized List<BlockInfo> allocate(long time) throws IOException {
    if (time <= lastAllocatedTime) {
      return allocated.getOrDefault(time, List.of());
    }
    List<BlockInfo> blocks = new ArrayList<>();
    // Without their source marks: those live in the marks set (rebuilt from BLOCK_ADDED records and
    // checkpoints), and a Flume mark holds 8 bytes per event, which every allocation would copy.
    unallocated.values().forEach(waiting -> waiting.forEach(b -> blocks.add(b.sourceMark() == null
        ? b : new BlockInfo(b.streamId(), b.blockId(), b.records(), b.bytes(), b.timeMillis(),
            b.walHandle(), null))));
    append(BATCH_ALLOCATED, out -> {
      out.writeLong(time);
      out.writeInt(blocks.size());
      for (BlockInfo block : blocks) {
        block.write(out);
      }
    });
    unallocated.clear();
    allocated.put(time, blocks);
    lastAllocatedTime = time;
    return blocks;
  }

  synchronized List<BlockInfo> blocksOf(int streamId, long time) {
    List<BlockInfo> result = new ArrayList<>();
    for (BlockInfo block : allocated.getOrDefault(time, List.of())) {
      if (block.streamId() == streamId) {
        result.add(block);
      }
    }
    return result;
  }

  synchronized List<BlockInfo> blocksOf(long time) {
    return List.copyOf(allocated.getOrDefault(time, List.of()));
  }

  /** Batch times allocated after {@code time}, in order. */
  synchronized List<Long> allocatedAfter(long time) {
    return new ArrayList<>(allocated.tailMap(time, false).keySet());
  }

  synchronized long lastAllocatedTime() {
    return lastAllocatedTime;
  }

  synchronized boolean hasUnallocatedBlocks() {
    return unallocated.values().stream().anyMatch(list -> !list.isEmpty());
  }

  /**
   * Forgets batches before {@code time}; returns their blocks (for the block store to drop) and
   * cleans the metadata log of what it no longer needs.
   */
  synchronized List<BlockInfo> cleanBefore(long time) throws IOException {
    NavigableMap<Long, List<BlockInfo>> old = allocated.headMap(time, false);
    if (old.isEmpty()) {
      return List.of();
    }
    List<BlockInfo> blocks = new ArrayList<>();
    old.values().forEach(blocks::addAll);
    append(BATCHES_CLEANED, out -> out.writeLong(time));
    old.clear();
    if (log != null) {
      log.clean(oldestKeptTime(time), false);
    }
    return blocks;
  }

  /** No log record or block still needed is older than this. */
  synchronized long oldestKeptTime(long cleanedBefore) {
    long oldest = cleanedBefore;
    for (List<BlockInfo> blocks : allocated.values()) {
      for (BlockInfo block : blocks) {
        oldest = Math.min(oldest, block.timeMillis());
      }
    }
    for (List<BlockInfo> blocks : unallocated.values()) {
      for (BlockInfo block : blocks) {
        oldest = Math.min(oldest, block.timeMillis());
      }
    }
    return oldest;
  }

  void close() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        LOG.warn("Could not close the block tracker's log", e);
      }
    }
  }

  private interface Payload {
    void write(DataOutputStream out) throws IOException;
  }

  private void append(byte type, Payload payload) throws IOException {
    if (log == null) {
      return;
    }
    GrowableBuffer buffer = new GrowableBuffer(256);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(type);
      payload.write(out);
    }
    log.write(ByteBuffer.wrap(buffer.toByteArray()), clock.nowMillis());
  }

  private void replayRetired(int streamId, List<String> retire) {
    retired(streamId, retire);
    retiredInReplay.computeIfAbsent(streamId, id -> new java.util.HashSet<>()).addAll(retire);
  }

  private void apply(ByteBuffer record) throws IOException {
    byte[] bytes = new byte[record.remaining()];
    record.get(bytes);
    ByteArrayDataInput in = ByteStreams.newDataInput(bytes);
    byte type = in.readByte();
    switch (type) {
      case BLOCK_ADDED -> added(BlockInfo.read(in));
      case BLOCK_ADDED_RETIRING, BLOCK_ADDED_RETIRING_2 -> {
        BlockInfo block = BlockInfo.read(in);
        added(block);
        replayRetired(block.streamId(), readMarks(in, type == BLOCK_ADDED_RETIRING));
      }
      case MARKS_RETIRED, MARKS_RETIRED_2 -> {
        int streamId = in.readInt();
        replayRetired(streamId, readMarks(in, type == MARKS_RETIRED));
      }
      case BATCH_ALLOCATED -> {
        long time = in.readLong();
        int count = in.readInt();
        List<BlockInfo> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          blocks.add(BlockInfo.read(in));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        blocks.forEach(b -> ids.add(b.blockId()));
        for (List<BlockInfo> waiting : unallocated.values()) {
          waiting.removeIf(b -> ids.contains(b.blockId()));
        }
        allocated.put(time, blocks);
        lastAllocatedTime = Math.max(lastAllocatedTime, time);
      }
      case BATCHES_CLEANED -> allocated.headMap(in.readLong(), false).clear();
      default -> throw new IOException("unknown block tracker event " + type
          + " in the metadata log: written by a newer Sluice?");
    }
  }
}
