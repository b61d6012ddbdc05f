/**
 * The Avro RPC protocol between a {@code SluiceSink} in a Flume agent and Sluice's polling
 * receiver: both sides share these classes (the sink jar carries them; streaming depends on it).
 */
package io.sluice.flume.protocol;
