/**
 * The speed layer: {@code StreamingContext} and {@code DStream}, receivers that store records
 * durably in an HDFS write-ahead log, checkpoints and recovery.
 */
package io.sluice.streaming;
