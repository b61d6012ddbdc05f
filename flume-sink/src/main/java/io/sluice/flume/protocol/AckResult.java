package io.sluice.flume.protocol;

import org.apache.avro.reflect.Nullable;

/** The answer to {@code ack} or {@code nack}: done, or the error that prevented it. */
public final class AckResult {
  private boolean ok;
  @Nullable private String error;

  private AckResult() {
    // for Avro reflect
  }

  private AckResult(boolean ok, String error) {
    this.ok = ok;
    this.error = error;
  }

  public static AckResult success() {
    return new AckResult(true, null);
  }

  public static AckResult failure(String error) {
    return new AckResult(false, error);
  }

  /** True once the sink committed (ack) or rolled back (nack) the transaction as asked. */
  public boolean ok() {
    return ok;
  }

  /** Why not, or {@code null}. */
  public String error() {
    return error;
  }

  @Override
  public String toString() {
    return ok ? "ok" : "failed: " + error;
  }
}
