package io.sluice.streaming;

/**
 * A receiver's counters since its context started, as the web UI, JMX and listeners show them.
 *
 * @param rate the rate limit in force, records per second (0: unlimited)
 * @param oversizedRecords records rejected for exceeding {@code sluice.streaming.receiver.max.record.bytes}
 * @param sourceCounters the receiver's own counters about its source (a Flume receiver's
 *     {@code flume.duplicatesDropped}, say); empty for most receivers
 */
public record ReceiverStatus(
    int streamId,
    String streamName,
    boolean active,
    long records,
    long bytes,
    long blocks,
    long errors,
    long oversizedRecords,
    long restarts,
    long rate,
    String lastError,
    java.util.Map<String, Long> sourceCounters) {

  public ReceiverStatus {
    sourceCounters = sourceCounters == null ? java.util.Map.of() : java.util.Map.copyOf(sourceCounters);
  }

  /** A status without source counters. */
  public ReceiverStatus(int streamId, String streamName, boolean active, long records, long bytes,
      long blocks, long errors, long oversizedRecords, long restarts, long rate, String lastError) {
    this(streamId, streamName, active, records, bytes, blocks, errors, oversizedRecords, restarts,
        rate, lastError, java.util.Map.of());
  }
}
