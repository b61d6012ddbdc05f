package io.sluice.flume;

import io.sluice.flume.protocol.AckResult;
import io.sluice.flume.protocol.EventBatch;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flume.Channel;
import org.apache.flume.Event;
import org.apache.flume.Transaction;
import org.apache.flume.instrumentation.SinkCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch served to a receiver: a channel transaction opened, filled, and committed or rolled back
 * on one pool thread (Flume binds a transaction to its thread), while the RPC threads wait on it
 * through futures. The first decision wins: an ack racing the timeout either commits (it came first)
 * or is told the batch was rolled back — never both.
 */
final class ChannelBatch implements Runnable {
  enum Decision { ACK, NACK, TIMEOUT, STOPPING, DISCONNECTED }

  /**
   * Told once the transaction committed or rolled back, before it leaves the open map; {@code
   * served} when events went out under the sequence (not an empty or failed batch).
   */
  interface Finished {
    void finished(ChannelBatch batch, boolean served, Outcome outcome);
  }

  /** What became of the transaction: committed, or rolled back and why. */
  record Outcome(boolean committed, String reason) {}

  private static final Logger LOG = LoggerFactory.getLogger(ChannelBatch.class);
  /** One per sink thread, reused batch after batch: its buffers grow once. */
  private static final ThreadLocal<EventBatch.Builder> BUILDERS =
      ThreadLocal.withInitial(EventBatch.Builder::new);

  private final String sequence;
  private final int maxEvents;
  private final Channel channel;
  private final long timeoutMs;
  private final SinkCounter counter;
  private final Map<String, ChannelBatch> open;
  private final Finished finished;
  private final Object takeLock;
  private final CompletableFuture<EventBatch> events = new CompletableFuture<>();
  private final CompletableFuture<Decision> decision = new CompletableFuture<>();
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  ChannelBatch(String sequence, int maxEvents, Channel channel, long timeoutMs, SinkCounter counter,
      Map<String, ChannelBatch> open, Object takeLock, Finished finished) {
    this.sequence = sequence;
    this.maxEvents = maxEvents;
    this.channel = channel;
    this.timeoutMs = timeoutMs;
    this.counter = counter;
    this.open = open;
    this.finished = finished;
    this.takeLock = takeLock;
  }

  String sequence() {
    return sequence;
  }

  @Override
  public void run() {
    Transaction tx = channel.getTransaction();
    boolean begun = false;
    int taken = 0;
    try {
      tx.begin();
      begun = true;
      // One batch of this sink takes at a time: several transactions taking at once fight over
      // the channel's lock and counters, which cost more than the takes themselves. The events
      // are encoded after the lock, in the layout the receiver stores (with keys and event times),
      // so the receiving side makes no object per event.
      Event[] takenEvents = new Event[maxEvents];
      synchronized (takeLock) {
        while (taken < maxEvents) {
          Event event = channel.take();
          if (event == null) {
            break;
          }
          takenEvents[taken++] = event;
        }
      }
      EventBatch.Builder batch = BUILDERS.get().reset(taken);
      for (int i = 0; i < taken; i++) {
        batch.add(takenEvents[i].getHeaders(), takenEvents[i].getBody());
      }
      counter.addToEventDrainAttemptCount(taken);
      if (taken == 0) {
        tx.commit();
        counter.incrementBatchEmptyCount();
        events.complete(EventBatch.empty());
        return;
      }
      if (taken < maxEvents) {
        counter.incrementBatchUnderflowCount();
      } else {
        counter.incrementBatchCompleteCount();
      }
      // Registered before the events leave, so an ack can never miss its transaction.
      open.put(sequence, this);
      events.complete(batch.build(sequence));

      Decision decided;
      try {
        decided = decision.get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        decision.complete(Decision.TIMEOUT);
        decided = decision.join(); // an ack may have won the race just now
      }
      if (decided == Decision.ACK) {
        tx.commit();
        counter.addToEventDrainSuccessCount(taken);
        settled(new Outcome(true, null));
      } else {
        tx.rollback();
        String why = switch (decided) {
          case NACK -> "nacked";
          case TIMEOUT -> "no ack within the transactionTimeout of " + timeoutMs + " ms";
          case DISCONNECTED -> "the receiver's connection closed before it acked";
          default -> "the sink was stopping";
        };
        if (decided != Decision.NACK) {
          LOG.warn("transaction {} of {} events rolled back: {}", sequence, taken, why);
        }
        settled(new Outcome(false, why));
      }
    } catch (Throwable t) {
      LOG.error("transaction {} failed; rolling back {} events", sequence, taken, t);
      if (begun) {
        try {
          tx.rollback();
        } catch (RuntimeException e) {
          LOG.warn("rollback of transaction {} failed", sequence, e);
        }
      }
      counter.incrementChannelReadFail();
      events.complete(EventBatch.failed("sink could not serve batch " + sequence + ": " + t));
      settled(new Outcome(false, "the transaction failed: " + t));
      if (t instanceof Error error) {
        throw error;
      }
    } finally {
      if (!outcome.isDone()) {
        settled(new Outcome(false, "the transaction ended without a decision"));
      }
      open.remove(sequence);
      tx.close();
    }
  }

  /** Publishes the outcome: first to the sink's memory of outcomes, then to waiting acks. */
  private void settled(Outcome settled) {
    if (outcome.isDone()) {
      return;
    }
    boolean served = events.isDone() && !events.join().isEmpty();
    finished.finished(this, served, settled);
    outcome.complete(settled);
  }

  /** Waits (on an RPC thread) for the events to be taken. */
  EventBatch awaitEvents() {
    try {
      return events.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      decide(Decision.STOPPING);
      return EventBatch.failed("interrupted while taking events for " + sequence);
    } catch (ExecutionException e) {
      return EventBatch.failed("batch " + sequence + " failed: " + e.getCause());
    }
  }

  /** Makes the decision unless one was made; returns whether this one counted. */
  boolean decide(Decision d) {
    return decision.complete(d);
  }

  /**
   * Ack or nack from a receiver: waits for the commit or rollback (its own decision's, or an earlier
   * one's: a repeated ack of a committing batch is answered as committed), and reports it.
   */
  AckResult settle(Decision d) {
    decide(d);
    Outcome settled;
    try {
      settled = outcome.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AckResult.failure("interrupted while settling " + sequence);
    } catch (ExecutionException | TimeoutException e) {
      return AckResult.failure("transaction " + sequence + " did not settle: " + e);
    }
    return answer(sequence, d, settled.committed(), settled.reason());
  }

  /** The answer to an ack or nack of a transaction that committed or rolled back ({@code why}). */
  static AckResult answer(String sequence, Decision asked, boolean committed, String why) {
    if (asked == Decision.ACK) {
      return committed ? AckResult.committed()
          : AckResult.rolledBack("transaction " + sequence + " was rolled back (" + why
              + "); its events will be offered again");
    }
    return committed ? AckResult.failure("transaction " + sequence + " had already committed; a nack"
        + " cannot undo it", AckResult.COMMITTED) : AckResult.success();
  }
}
