package io.sluice.streaming.internal.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The redelivery ledger's rules, batch by batch, without a sink. */
@Timeout(10)
class FlumeRedeliveriesTest {
  private final FlumeRedeliveries ledger = new FlumeRedeliveries("h:1");

  private static boolean[] keep(FlumeRedeliveries.Admission a) {
    return a.keep();
  }

  /** No batch is in doubt: resolving is never needed. */
  private static final FlumeRedeliveries.Resolver NONE = b -> {
    throw new AssertionError("asked to resolve " + b.sequence);
  };

  private FlumeRedeliveries.Admission admit(String sequence, long... keys) throws InterruptedException {
    return ledger.admit(sequence, keys, NONE);
  }

  @Test
  void eventsOfABatchRolledBackAfterItsStoreAreDroppedOnceTheirRedeliveryCommits() throws Exception {
    var a = admit("s-1", 1, 2, 3);
    assertThat(keep(a)).containsExactly(true, true, true);
    ledger.stored(a.batch());
    ledger.unresolved(a.batch(), 0); // the ack's answer was lost

    // a batch repeating a's keys first asks about a: rolled back
    java.util.List<String> asked = new java.util.ArrayList<>();
    var b = ledger.admit("s-2", new long[] {1, 2, 3, 4}, inDoubt -> {
      asked.add(inDoubt.sequence);
      ledger.rolledBack(inDoubt, 0);
      return true;
    });
    assertThat(asked).containsExactly("s-1");
    assertThat(keep(b)).containsExactly(false, false, false, true);
    assertThat(b.dropped()).isEqualTo(3);
    ledger.stored(b.batch());
    ledger.rolledBack(b.batch(), 0); // dropping is final only once b commits: b's events come again

    var c = admit("s-3", 1, 2, 3, 4);
    assertThat(keep(c)).containsExactly(false, false, false, false);
    ledger.stored(c.batch());
    ledger.committed(c.batch());
    // all of a's and b's stored events left with c
    assertThat(ledger.drainRetirements()).containsExactlyInAnyOrder(a.batch().mark, b.batch().mark);
    assertThat(ledger.expectedKeys()).isZero();

    var d = admit("s-4", 1);
    assertThat(keep(d)).containsExactly(true); // a new event with a key seen long ago is kept
  }

  @Test
  void anEventLikeOneInABatchAwaitingItsAckIsKeptWhenThatBatchCommits() throws Exception {
    var a = admit("s-1", 5, 6);
    ledger.stored(a.batch()); // its ack is on the wire
    CompletableFuture<FlumeRedeliveries.Admission> b = CompletableFuture.supplyAsync(() -> {
      try {
        return admit("s-2", 6, 7);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(150);
    assertThat(b).isNotDone(); // 6 may be a redelivery of a's or an identical new event
    ledger.committed(a.batch());
    assertThat(keep(b.get(5, TimeUnit.SECONDS))).containsExactly(true, true);
  }

  @Test
  void aCopyClaimedByABatchStillInFlightIsNotClaimedTwice() throws Exception {
    var a = admit("s-1", 9);
    ledger.stored(a.batch());
    ledger.rolledBack(a.batch(), 0);
    var b = admit("s-2", 9); // the redelivery
    assertThat(keep(b)).containsExactly(false);
    ledger.stored(b.batch());
    CompletableFuture<FlumeRedeliveries.Admission> c = CompletableFuture.supplyAsync(() -> {
      try {
        return admit("s-3", 9);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(150);
    assertThat(c).isNotDone();
    ledger.committed(b.batch()); // the redelivery left: a 9 now is a new event
    assertThat(keep(c.get(5, TimeUnit.SECONDS))).containsExactly(true);
  }

  @Test
  void aCommittedBatchIsForgottenAndItsMarkRetired() throws Exception {
    var a = admit("s-1", 7, 7, 8);
    assertThat(keep(a)).containsExactly(true, true, true); // duplicates within one batch are kept
    ledger.stored(a.batch());
    ledger.committed(a.batch());
    assertThat(ledger.drainRetirements()).containsExactly(a.batch().mark);
    assertThat(ledger.expectedKeys()).isZero();
  }

  @Test
  void aMatchOnABatchStillStoringWaitsAndAFailedStoreDropsNothing() throws Exception {
    var a = admit("s-1", 1, 2);
    CompletableFuture<FlumeRedeliveries.Admission> b = CompletableFuture.supplyAsync(() -> {
      try {
        return admit("s-2", 2, 3);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(150);
    assertThat(b).isNotDone();
    ledger.storeFailed(a.batch());
    assertThat(keep(b.get(5, TimeUnit.SECONDS))).containsExactly(true, true);
  }

  @Test
  void marksCarryTheKeysAcrossARestartAndRedeliveriesExpire() throws Exception {
    var a = admit("sink-run-9", Long.MIN_VALUE, -1, 0, 42);
    String mark = a.batch().mark;
    assertThat(mark).startsWith("flume|h:1|sink-run-9|");
    var parsed = FlumeRedeliveries.parse(mark);
    assertThat(parsed.sink()).isEqualTo("h:1");
    assertThat(parsed.sequence()).isEqualTo("sink-run-9");
    assertThat(parsed.keys()).containsExactly(Long.MIN_VALUE, -1, 0, 42);
    assertThat(FlumeRedeliveries.parse("file-a@10@20")).isNull();

    FlumeRedeliveries restarted = new FlumeRedeliveries("h:1");
    restarted.restore(mark, parsed);
    // the first batch matching a restored one asks the sink about it: unknown to its new run
    var again = restarted.admit("sink-run2-1", new long[] {42, 5}, inDoubt -> {
      restarted.rolledBack(inDoubt, 1000);
      return true;
    });
    assertThat(keep(again)).containsExactly(false, true);
    assertThat(restarted.takeUnresolved(0)).isEmpty();
    assertThat(restarted.expire(1000)).isZero();
    assertThat(restarted.expire(1001)).isEqualTo(4); // 42's redelivery never committed either
    assertThat(restarted.drainRetirements()).containsExactly(mark);
  }

  @Test
  void keySetsFindExactlyTheirKeys() {
    java.util.Random random = new java.util.Random(7);
    long[] keys = new long[1000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 100 == 0 ? i : random.nextLong(); // some small keys, and 0, that share slots
    }
    FlumeRedeliveries.KeySet set = new FlumeRedeliveries.KeySet(keys);
    for (long k : keys) {
      assertThat(set.contains(k)).isTrue();
    }
    java.util.Set<Long> in = new java.util.HashSet<>();
    for (long k : keys) {
      in.add(k);
    }
    for (int i = 0; i < 100_000; i++) {
      long k = i < 1000 ? i : random.nextLong();
      assertThat(set.contains(k)).isEqualTo(in.contains(k));
    }
    assertThat(FlumeRedeliveries.KeySet.EMPTY.contains(0)).isFalse();
    assertThat(FlumeRedeliveries.KeySet.EMPTY.contains(42)).isFalse();
  }
}
