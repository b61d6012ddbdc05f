package io.sluice.streaming.internal;

import java.io.IOException;

/**
 * Where a receiver's supervisor sends each block: the boundary between receiver and driver. Today
 * both live in one JVM; when receivers move into containers of their own, an RPC client implements
 * this, and the block bytes still go straight to the WAL on HDFS, never through the driver.
 */
public interface BlockSink {

  /**
   * Makes the block durable (write-ahead log, when on) and registers it with the driver, together
   * with its {@code sourceMark} (or null) and forgetting the stream's source marks {@code retire},
   * in one durable step; returns only then.
   */
  BlockInfo store(int streamId, String blockId, byte[] block, long records, String sourceMark,
      java.util.Collection<String> retire) throws IOException;

  /** Forgets source marks of stream {@code streamId}, durably, without a block. */
  void retireMarks(int streamId, java.util.Collection<String> retire) throws IOException;

  /** The source marks of every block this stream ever registered (see {@code Receiver.storedMarks}). */
  java.util.Set<String> sourceMarks(int streamId);
}
