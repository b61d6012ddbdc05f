/**
 * The Sluice sink for Flume agents: serves batches of channel events over Avro RPC to
 * Sluice's polling receiver, one channel transaction per batch.
 */
package io.sluice.flume;
