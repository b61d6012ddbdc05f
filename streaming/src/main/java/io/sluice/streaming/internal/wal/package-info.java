/**
 * The write-ahead log: records made durable on a Hadoop {@code FileSystem} (HDFS, local) before a
 * receiver acknowledges its source, read back by handle or replayed in full after a crash.
 */
package io.sluice.streaming.internal.wal;
