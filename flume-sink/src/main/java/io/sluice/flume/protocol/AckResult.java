package io.sluice.flume.protocol;

import org.apache.avro.reflect.Nullable;

/**
 * The answer to {@code ack} or {@code nack}: done, or the error that prevented it, and what became
 * of the transaction as far as the sink knows ({@link #outcome()}), so a receiver can tell a batch
 * that left the channel from one whose events will be offered again.
 */
public final class AckResult {
  /** The transaction committed: its events left the channel for good. */
  public static final String COMMITTED = "COMMITTED";
  /** The transaction rolled back (nack, timeout, disconnect, stop): its events will come again. */
  public static final String ROLLED_BACK = "ROLLED_BACK";
  /**
   * The sink does not know the sequence: it is from an earlier run of the sink (whose open
   * transactions rolled back when it stopped) or older than the outcomes it remembers.
   */
  public static final String UNKNOWN = "UNKNOWN";

  private boolean ok;
  @Nullable private String error;
  /** One of the constants above, or null when the call was refused before looking (or an old sink). */
  @Nullable private String outcome;

  private AckResult() {
    // for Avro reflect
  }

  private AckResult(boolean ok, String error, String outcome) {
    this.ok = ok;
    this.error = error;
    this.outcome = outcome;
  }

  /** A nack that rolled back. */
  public static AckResult success() {
    return new AckResult(true, null, ROLLED_BACK);
  }

  /** An ack that committed, now or (for a repeated ack) earlier. */
  public static AckResult committed() {
    return new AckResult(true, null, COMMITTED);
  }

  public static AckResult rolledBack(String error) {
    return new AckResult(false, error, ROLLED_BACK);
  }

  public static AckResult unknown(String error) {
    return new AckResult(false, error, UNKNOWN);
  }

  /** Not done, and the transaction's fate is not told (say, an unauthenticated call). */
  public static AckResult failure(String error) {
    return new AckResult(false, error, null);
  }

  /** Not done, with the outcome as it stands (a nack of a transaction that already committed). */
  public static AckResult failure(String error, String outcome) {
    return new AckResult(false, error, outcome);
  }

  /** True once the sink committed (ack) or rolled back (nack) the transaction as asked. */
  public boolean ok() {
    return ok;
  }

  /** Why not, or {@code null}. */
  public String error() {
    return error;
  }

  /** {@link #COMMITTED}, {@link #ROLLED_BACK}, {@link #UNKNOWN}, or null when not told. */
  public String outcome() {
    return outcome;
  }

  @Override
  public String toString() {
    return (ok ? "ok" : "failed: " + error) + (outcome == null ? "" : " (" + outcome + ")");
  }
}
