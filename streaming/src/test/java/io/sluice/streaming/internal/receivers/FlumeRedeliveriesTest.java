package io.sluice.streaming.internal.receivers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flume.protocol.FlumeEvent;
import java.util.Map;
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

  @Test
  void eventsOfABatchRolledBackAfterItsStoreAreDroppedOnceTheirRedeliveryCommits() throws Exception {
    var a = ledger.admit("s-1", new long[] {1, 2, 3});
    assertThat(keep(a)).containsExactly(true, true, true);
    ledger.stored(a.batch());
    ledger.unresolved(a.batch(), 0); // the ack's answer was lost

    var b = ledger.admit("s-2", new long[] {1, 2, 3, 4});
    assertThat(keep(b)).containsExactly(false, false, false, true);
    assertThat(b.dropped()).isEqualTo(3);
    ledger.stored(b.batch());
    ledger.rolledBack(b.batch(), 0); // dropping is final only once b commits: b's events come again

    var c = ledger.admit("s-3", new long[] {1, 2, 3, 4});
    assertThat(keep(c)).containsExactly(false, false, false, false);
    ledger.stored(c.batch());
    ledger.committed(c.batch());
    // b's one stored event left with c: b is settled; a's events too, but a's own fate is unknown
    assertThat(ledger.drainRetirements()).containsExactly(b.batch().mark);

    assertThat(ledger.takeUnresolved(0)).extracting(x -> x.sequence).containsExactly("s-1");
    ledger.rolledBack(a.batch(), 0);
    assertThat(ledger.drainRetirements()).containsExactly(a.batch().mark);
    assertThat(ledger.expectedKeys()).isZero();

    var d = ledger.admit("s-4", new long[] {1});
    assertThat(keep(d)).containsExactly(true); // a new event with a key seen long ago is kept
  }

  @Test
  void aCommittedBatchIsForgottenAndItsMarkRetired() throws Exception {
    var a = ledger.admit("s-1", new long[] {7, 7, 8});
    assertThat(keep(a)).containsExactly(true, true, true); // duplicates within one batch are kept
    ledger.stored(a.batch());
    ledger.committed(a.batch());
    assertThat(ledger.drainRetirements()).containsExactly(a.batch().mark);
    assertThat(ledger.expectedKeys()).isZero();
  }

  @Test
  void aMatchOnABatchStillStoringWaitsAndAFailedStoreDropsNothing() throws Exception {
    var a = ledger.admit("s-1", new long[] {1, 2});
    CompletableFuture<FlumeRedeliveries.Admission> b = CompletableFuture.supplyAsync(() -> {
      try {
        return ledger.admit("s-2", new long[] {2, 3});
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertThat(b).isNotDone();
    ledger.storeFailed(a.batch());
    assertThat(keep(b.get(5, TimeUnit.SECONDS))).containsExactly(true, true);
  }

  @Test
  void marksCarryTheKeysAcrossARestartAndRedeliveriesExpire() throws Exception {
    var a = ledger.admit("sink-run-9", new long[] {Long.MIN_VALUE, -1, 0, 42});
    String mark = a.batch().mark;
    assertThat(mark).startsWith("flume|h:1|sink-run-9|");
    var parsed = FlumeRedeliveries.parse(mark);
    assertThat(parsed.sink()).isEqualTo("h:1");
    assertThat(parsed.sequence()).isEqualTo("sink-run-9");
    assertThat(parsed.keys()).containsExactly(Long.MIN_VALUE, -1, 0, 42);
    assertThat(FlumeRedeliveries.parse("file-a@10@20")).isNull();

    FlumeRedeliveries restarted = new FlumeRedeliveries("h:1");
    restarted.restore(mark, parsed);
    var again = restarted.admit("sink-run2-1", new long[] {42, 5});
    assertThat(keep(again)).containsExactly(false, true);
    var old = restarted.takeUnresolved(0).get(0);
    restarted.rolledBack(old, 1000);
    assertThat(restarted.expire(1000)).isZero();
    assertThat(restarted.expire(1001)).isEqualTo(4); // 42's redelivery never committed either
    assertThat(restarted.drainRetirements()).containsExactly(mark);
  }

  @Test
  void keysPreferTheIdHeaderElseHashHeadersAndBody() {
    FlumeEvent one = new FlumeEvent(Map.of("eventId", "x-1", "h", "a"), "body".getBytes(UTF_8));
    FlumeEvent sameId = new FlumeEvent(Map.of("eventId", "x-1"), "other".getBytes(UTF_8));
    FlumeEvent sameContent = new FlumeEvent(Map.of("h", "a", "eventId", "x-2"), "body".getBytes(UTF_8));
    assertThat(FlumeRedeliveries.key(one, "eventId")).isEqualTo(FlumeRedeliveries.key(sameId, "eventId"));
    assertThat(FlumeRedeliveries.key(one, "eventId")).isNotEqualTo(FlumeRedeliveries.key(sameContent, "eventId"));
    FlumeEvent noId = new FlumeEvent(Map.of("h", "a"), "body".getBytes(UTF_8));
    FlumeEvent noIdCopy = new FlumeEvent(Map.of("h", "a"), "body".getBytes(UTF_8));
    FlumeEvent noIdOther = new FlumeEvent(Map.of("h", "ab"), "ody".getBytes(UTF_8));
    assertThat(FlumeRedeliveries.key(noId, "eventId")).isEqualTo(FlumeRedeliveries.key(noIdCopy, "eventId"));
    assertThat(FlumeRedeliveries.key(noId, "eventId")).isNotEqualTo(FlumeRedeliveries.key(noIdOther, "eventId"));
  }
}
