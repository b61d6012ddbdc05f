package io.sluice.streaming.internal.wal;

/**
 * A snapshot of one log's counters since it was opened, for the receiver metrics and the web UI.
 *
 * @param recordsWritten records made durable by {@link WriteAheadLog#write}
 * @param bytesWritten their payload bytes (frames add 12 bytes each)
 * @param syncs {@code hflush} calls; fewer than {@code recordsWritten} when concurrent writes
 *     shared one (group commit)
 * @param segmentsCreated segment files this log opened for writing
 * @param segmentsDeleted segment files {@link WriteAheadLog#clean} deleted
 * @param recordsRejected writes refused for exceeding the maximum record size
 * @param writesFailed writes that threw an {@link java.io.IOException} (the file system failed)
 * @param corruptRecordsSkipped damaged regions inside segments that reads skipped to reach the next
 *     intact record (each one logged at WARN)
 * @param tornTailsSkipped incomplete or damaged segment ends that reads ignored, typically the
 *     record a crashed writer was writing (each one logged at WARN)
 */
public record WalMetrics(
    long recordsWritten,
    long bytesWritten,
    long syncs,
    long segmentsCreated,
    long segmentsDeleted,
    long recordsRejected,
    long writesFailed,
    long corruptRecordsSkipped,
    long tornTailsSkipped) {}
