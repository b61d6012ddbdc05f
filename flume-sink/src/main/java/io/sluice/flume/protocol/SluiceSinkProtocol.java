package io.sluice.flume.protocol;

/**
 * What a Sluice sink serves over Avro RPC (Netty transport), as seen by a polling receiver.
 *
 * <p>One exchange, per batch:
 * <ol>
 *   <li>{@link #getEventBatch(int)} opens a Flume channel transaction on the sink, takes up to
 *       {@code n} events and returns them under a fresh sequence id (or an empty batch when the
 *       channel is empty, or a batch whose {@link EventBatch#error()} says why none was served);</li>
 *   <li>the receiver stores the events durably, then calls {@link #ack(String)}: the sink commits
 *       the transaction and the events leave the channel. If it cannot store them it calls
 *       {@link #nack(String)}: the sink rolls back and the events are offered again;</li>
 *   <li>a transaction neither acked nor nacked within the sink's {@code transactionTimeout} is
 *       rolled back; an ack arriving later is answered with an error, never with success.</li>
 * </ol>
 * Calls on one connection are answered in order; a receiver may hold several connections, each with
 * a batch in flight. The wire form is {@code src/main/avro/SluiceSinkProtocol.avpr} (Avro reflect
 * over these classes; a test keeps the two equal).
 */
public interface SluiceSinkProtocol {

  /** Takes up to {@code n} events (1 ≤ n ≤ the sink's {@code batchSize}) in a new transaction. */
  EventBatch getEventBatch(int n);

  /** Commits the transaction {@code sequence}; {@link AckResult#ok()} only once it committed. */
  AckResult ack(String sequence);

  /** Rolls the transaction {@code sequence} back so its events are offered again. */
  AckResult nack(String sequence);
}
