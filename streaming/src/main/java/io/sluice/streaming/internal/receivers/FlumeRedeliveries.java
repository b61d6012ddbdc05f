package io.sluice.streaming.internal.receivers;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One sink's ledger of events a receiver stored whose leaving the Flume channel is not confirmed,
 * by event key (computed by the sink: {@code EventBatch.key}), so that the sink offering them again
 * (its transaction rolled back after the store: a lost or late ack, a dropped connection, a killed
 * receiver or agent) does not store them twice.
 *
 * <p>The rule: each stored copy of an event is held, by key, until a batch carrying that event
 * (the one that stored it, or one that dropped it as a redelivery) is confirmed committed. An event
 * of a new batch is a redelivery, and is dropped, when it matches a held copy whose batch the sink
 * rolled back and that no other unsettled batch has claimed; the drop is final only once the
 * dropping batch commits (if it rolls back, the event comes once more and is dropped once more).
 * A match on a copy whose fate is not known yet (its batch still storing or awaiting its ack, or
 * in doubt) waits for, or asks about, that batch first: so an event that merely looks like one in
 * a batch that commits is kept, and a drop never leans on a store that then fails.
 *
 * <p>Durability: each stored batch's keys travel in its block's source mark (see {@link #mark}),
 * so after a restart the receiver {@link #restore restores} the batches it cannot prove committed,
 * and asks the sink again. A mark is retired once its batch is confirmed committed, or all its
 * events were seen again and committed, or its redeliveries {@link #expire expired}.
 *
 * <p>Cost: a batch that commits, the usual case, makes no object per event. Its keys stay in one
 * array and one small hash table while its fate is open; only a batch the sink rolled back has its
 * copies indexed by key, one {@link Holding} each, until their redeliveries come.
 *
 * <p>Thread-safe: a sink's fetchers share one ledger; all state is under its monitor.
 */
final class FlumeRedeliveries {
  static final String MARK_PREFIX = "flume|";

  enum State { STORING, STORED, UNRESOLVED, ROLLED_BACK, DONE }

  /** One batch served by the sink, while its fate or its events' redeliveries matter. */
  final class Batch {
    final String sequence;
    /** Its source mark, or null when it stored nothing (every event was a redelivery). */
    String mark;
    /** The keys of the events it stored, in order. */
    long[] storedKeys = new long[0];
    /** The same keys, for lookups while its fate is open. */
    KeySet lookup = KeySet.EMPTY;
    /** One per stored event, made and indexed by key once the batch rolled back. */
    final List<Holding> holdings = new ArrayList<>();
    final List<Holding> claims = new ArrayList<>();
    State state = State.STORING;
    int outstanding;
    long rolledBackAt;
    boolean resolving;
    /** When to ask the sink again (System.currentTimeMillis), after an unanswered ack. */
    long nextAttemptAt;

    Batch(String sequence) {
      this.sequence = sequence;
    }

    int dropped() {
      return claims.size();
    }

    /** Stored, and its fate not yet known: its copies may still commit or come back. */
    boolean open() {
      return state == State.STORING || state == State.STORED || state == State.UNRESOLVED;
    }

    boolean stores(long key) {
      return lookup.contains(key);
    }

    void stored(long[] keys) {
      storedKeys = keys;
      lookup = new KeySet(keys);
    }
  }

  /**
   * A set of keys that is built once and only looked up: open addressing over a power-of-two
   * table at most half full, no boxing. Keys are hashes already, so their low bits pick the slot.
   */
  static final class KeySet {
    static final KeySet EMPTY = new KeySet(new long[0]);
    private final long[] slots;
    private final int mask;
    private final boolean hasZero; // 0 marks an empty slot, so the key 0 is kept aside

    KeySet(long[] keys) {
      slots = new long[Math.max(4, Integer.highestOneBit(Math.max(1, keys.length)) * 4)];
      mask = slots.length - 1;
      boolean zero = false;
      for (long k : keys) {
        if (k == 0) {
          zero = true;
          continue;
        }
        int i = (int) (k ^ (k >>> 32)) & mask;
        while (slots[i] != 0 && slots[i] != k) {
          i = (i + 1) & mask;
        }
        slots[i] = k;
      }
      hasZero = zero;
    }

    boolean contains(long k) {
      if (k == 0) {
        return hasZero;
      }
      for (int i = (int) (k ^ (k >>> 32)) & mask; slots[i] != 0; i = (i + 1) & mask) {
        if (slots[i] == k) {
          return true;
        }
      }
      return false;
    }
  }

  /** One stored copy of an event, until it is known to have left the channel. */
  private static final class Holding {
    final Batch owner;
    final long key;
    boolean gone;
    /** The batch that dropped an event as this copy's redelivery, until that batch settles. */
    Batch claimedBy;

    Holding(Batch owner, long key) {
      this.owner = owner;
      this.key = key;
    }
  }

  /** Which of a batch's events to store; the others are redeliveries. */
  record Admission(Batch batch, boolean[] keep, int dropped) {}

  private final String sink;
  /** The copies stored by batches the sink rolled back, by key, until they are gone. */
  private final Map<Long, ArrayDeque<Holding>> byKey = new HashMap<>();
  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private final Set<String> toRetire = new LinkedHashSet<>();
  private long expiredKeys;

  FlumeRedeliveries(String sink) {
    this.sink = sink;
  }

  /** {@code flume|<sink>|<sequence>|<keys, 8 bytes each, base64url>}. */
  static String mark(String sink, String sequence, long[] keys) {
    ByteBuffer bytes = ByteBuffer.allocate(keys.length * 8);
    for (long k : keys) {
      bytes.putLong(k);
    }
    return MARK_PREFIX + sink + "|" + sequence + "|"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** A parsed mark: sink, sequence, keys; null when {@code mark} is not one of ours or is damaged. */
  record ParsedMark(String sink, String sequence, long[] keys) {}

  static ParsedMark parse(String mark) {
    if (!mark.startsWith(MARK_PREFIX)) {
      return null;
    }
    int last = mark.lastIndexOf('|');
    int middle = mark.lastIndexOf('|', last - 1);
    if (middle <= MARK_PREFIX.length()) {
      return null;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(mark.substring(last + 1)));
      long[] keys = new long[bytes.remaining() / 8];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = bytes.getLong();
      }
      return new ParsedMark(mark.substring(MARK_PREFIX.length(), middle),
          mark.substring(middle + 1, last), keys);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Asks the sink about an unresolved batch and applies the answer; false when none came. */
  interface Resolver {
    boolean resolve(Batch batch) throws InterruptedException;
  }

  /**
   * Decides which events of the batch {@code sequence} to store. An event is a redelivery, and is
   * dropped, when a stored copy with its key belongs to a batch the sink rolled back and no other
   * batch still in flight has already claimed that copy. A matching copy whose fate is not known
   * yet holds the decision back: a batch whose store or ack is under way is waited for (a few
   * milliseconds); a batch in doubt is asked about now through {@code resolver}. So an event
   * identical to one in a batch that then commits is kept, not taken for a redelivery.
   *
   * @throws IllegalStateException when a batch in doubt could not be resolved (the fetcher then
   *     reconnects, and the sink rolls this batch back)
   */
  Admission admit(String sequence, long[] keys, Resolver resolver) throws InterruptedException {
    while (true) {
      Batch toResolve;
      synchronized (this) {
        Batch blocking = blocking(keys);
        if (blocking == null) {
          return admitNow(sequence, keys);
        }
        if (blocking.state != State.UNRESOLVED || blocking.resolving) {
          wait(100); // its store or ack is under way, or another fetcher is asking about it
          continue;
        }
        blocking.resolving = true;
        toResolve = blocking;
      }
      boolean resolved;
      try {
        resolved = resolver.resolve(toResolve);
      } catch (RuntimeException e) {
        unresolved(toResolve, 0);
        throw e;
      }
      if (!resolved) {
        throw new IllegalStateException("the sink did not tell the fate of stored batch "
            + toResolve.sequence + ", whose events batch " + sequence + " may repeat");
      }
    }
  }

  /**
   * A batch whose fate must be known before {@code keys} can be admitted, or null: one that could
   * still free a copy of a key that the rolled-back copies free now do not cover, because it holds
   * that key with its fate open, or it claimed a rolled-back copy and has not settled.
   */
  private Batch blocking(long[] keys) {
    List<Batch> open = new ArrayList<>();
    for (Batch b : batches.values()) {
      if (b.open() && b.storedKeys.length > 0) {
        open.add(b);
      }
    }
    if (byKey.isEmpty() && open.isEmpty()) {
      return null;
    }
    Map<Long, Integer> needed = new HashMap<>();
    for (long k : keys) {
      boolean held = byKey.containsKey(k);
      for (int i = 0; !held && i < open.size(); i++) {
        held = open.get(i).stores(k);
      }
      if (held) {
        needed.merge(k, 1, Integer::sum);
      }
    }
    for (Map.Entry<Long, Integer> e : needed.entrySet()) {
      long key = e.getKey();
      int available = 0;
      Batch blocker = null;
      for (Holding h : byKey.getOrDefault(key, EMPTY)) {
        if (h.claimedBy == null) {
          available++;
        } else if (blocker == null) {
          blocker = h.claimedBy;
        }
      }
      for (int i = 0; blocker == null && i < open.size(); i++) {
        if (open.get(i).stores(key)) {
          blocker = open.get(i);
        }
      }
      if (available < e.getValue() && blocker != null) {
        return blocker;
      }
    }
    return null;
  }

  private static final ArrayDeque<Holding> EMPTY = new ArrayDeque<>(0);

  private Admission admitNow(String sequence, long[] keys) {
    Batch batch = new Batch(sequence);
    boolean[] keep = new boolean[keys.length];
    long[] stored = new long[keys.length];
    int storedCount = 0;
    for (int i = 0; i < keys.length; i++) {
      Holding claim = null;
      ArrayDeque<Holding> held = byKey.isEmpty() ? null : byKey.get(keys[i]);
      if (held != null) {
        for (Holding h : held) {
          if (h.claimedBy == null) {
            claim = h;
            break;
          }
        }
      }
      if (claim != null) {
        claim.claimedBy = batch;
        batch.claims.add(claim);
      } else {
        keep[i] = true;
        stored[storedCount++] = keys[i];
      }
    }
    if (storedCount > 0) {
      batch.stored(java.util.Arrays.copyOf(stored, storedCount));
      batch.mark = mark(sink, sequence, batch.storedKeys);
    }
    batch.outstanding = storedCount;
    batches.put(sequence, batch);
    return new Admission(batch, keep, batch.claims.size());
  }

  /** The batch's events are durably stored (or there was nothing to store). */
  synchronized void stored(Batch batch) {
    batch.state = State.STORED;
    notifyAll();
  }

  /** The store failed: the batch is nacked, and its events count as never stored. */
  synchronized void storeFailed(Batch batch) {
    release(batch);
    batch.state = State.DONE;
    batches.remove(batch.sequence);
    notifyAll();
  }

  /** The sink confirmed the commit: the batch's events, stored or dropped, left the channel. */
  synchronized void committed(Batch batch) {
    batch.resolving = false;
    for (Holding h : batch.claims) {
      gone(h);
    }
    batch.claims.clear();
    for (Holding h : batch.holdings) {
      gone(h);
    }
    finish(batch);
    notifyAll();
  }

  /** The sink rolled the batch back (or does not know it): its stored events will come again. */
  synchronized void rolledBack(Batch batch, long now) {
    batch.resolving = false;
    release(batch);
    if (batch.state != State.ROLLED_BACK && batch.state != State.DONE) { // index its copies once
      for (long k : batch.storedKeys) {
        Holding h = new Holding(batch, k);
        batch.holdings.add(h);
        byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(h);
      }
    }
    batch.state = State.ROLLED_BACK;
    batch.rolledBackAt = now;
    if (batch.outstanding == 0) {
      finish(batch);
    }
    notifyAll();
  }

  /** The batch's drops did not become final: the copies it claimed are free to claim again. */
  private void release(Batch batch) {
    for (Holding h : batch.claims) {
      if (h.claimedBy == batch) {
        h.claimedBy = null;
      }
    }
    batch.claims.clear();
  }

  /** The ack's answer was lost or refused: ask again, not before {@code retryAt}. */
  synchronized void unresolved(Batch batch, long retryAt) {
    batch.resolving = false;
    batch.nextAttemptAt = retryAt;
    if (batch.state != State.DONE) {
      batch.state = State.UNRESOLVED;
    }
    notifyAll();
  }

  /**
   * Batches stored and not known committed or rolled back, due to be asked about at {@code now};
   * each is marked as being resolved.
   */
  synchronized List<Batch> takeUnresolved(long now) {
    List<Batch> out = new ArrayList<>();
    for (Batch b : batches.values()) {
      if (b.state == State.UNRESOLVED && !b.resolving && b.nextAttemptAt <= now) {
        b.resolving = true;
        out.add(b);
      }
    }
    return out;
  }

  synchronized boolean hasUnresolved() {
    return batches.values().stream().anyMatch(b -> b.state == State.UNRESOLVED);
  }

  /** Brings back a batch from its mark after a restart: stored, its fate unknown. */
  synchronized void restore(String mark, ParsedMark parsed) {
    Batch batch = new Batch(parsed.sequence());
    batch.mark = mark;
    batch.stored(parsed.keys());
    batch.outstanding = batch.storedKeys.length;
    batch.state = State.UNRESOLVED;
    batches.put(batch.sequence, batch);
  }

  /**
   * Forgets the redeliveries of batches rolled back before {@code cutoff} that never came;
   * returns how many keys were forgotten.
   */
  synchronized long expire(long cutoff) {
    long forgotten = 0;
    for (Batch b : new ArrayList<>(batches.values())) {
      if (b.state == State.ROLLED_BACK && b.rolledBackAt < cutoff) {
        for (Holding h : b.holdings) {
          if (!h.gone) {
            forgotten++;
            gone(h);
          }
        }
        finish(b);
      }
    }
    expiredKeys += forgotten;
    return forgotten;
  }

  /** Marks no longer needed, to retire with the next store; the caller gives them back on failure. */
  synchronized List<String> drainRetirements() {
    List<String> out = new ArrayList<>(toRetire);
    toRetire.clear();
    return out;
  }

  synchronized void retirementsFailed(Collection<String> marks) {
    toRetire.addAll(marks);
  }

  /** Keys counted as stored and not yet gone (status, tests). */
  synchronized int expectedKeys() {
    int open = batches.values().stream().filter(Batch::open).mapToInt(b -> b.storedKeys.length).sum();
    return open + byKey.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  synchronized int batchesInDoubt() {
    return (int) batches.values().stream().filter(b -> b.state != State.STORING
        && b.state != State.STORED).count();
  }

  synchronized long expiredKeys() {
    return expiredKeys;
  }

  private void gone(Holding h) {
    if (h.gone) {
      return;
    }
    remove(h);
    Batch owner = h.owner;
    owner.outstanding--;
    if (owner.outstanding == 0 && owner.state == State.ROLLED_BACK) {
      finish(owner);
    }
  }

  private void remove(Holding h) {
    h.gone = true;
    ArrayDeque<Holding> held = byKey.get(h.key);
    if (held != null) {
      held.remove(h);
      if (held.isEmpty()) {
        byKey.remove(h.key);
      }
    }
  }

  private void finish(Batch batch) {
    if (batch.state == State.DONE) {
      return;
    }
    for (Holding h : batch.holdings) {
      if (!h.gone) {
        // committed: the stored copies left the channel with it
        remove(h);
      }
    }
    batch.state = State.DONE;
    batches.remove(batch.sequence);
    if (batch.mark != null) {
      toRetire.add(batch.mark);
    }
  }
}
