/**
 * Built-in receivers: lines from a TCP socket, lines of new files in a folder, and Flume (polling a
 * Sluice sink, or answering Flume's own Avro sink).
 */
package io.sluice.streaming.internal.receivers;
