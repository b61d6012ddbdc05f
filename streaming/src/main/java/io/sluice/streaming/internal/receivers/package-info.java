/**
 * Built-in receivers: lines from a TCP socket, lines of new files in a folder. Flume's receivers
 * live beside them once the Flume integration lands.
 */
package io.sluice.streaming.internal.receivers;
