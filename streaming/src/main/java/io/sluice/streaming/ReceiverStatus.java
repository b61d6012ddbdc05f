package io.sluice.streaming;

/**
 * A receiver's counters since its context started, as the web UI, JMX and listeners show them.
 *
 * @param rate the rate limit in force, records per second (0: unlimited)
 * @param oversizedRecords records rejected for exceeding {@code sluice.streaming.receiver.max.record.bytes}
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
    String lastError) {}
