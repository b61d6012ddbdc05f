package io.sluice.streaming;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a Flume polling stream ({@link StreamingContext#flumePollingStream(String,
 * java.util.List, int, int, FlumeOptions)}): authentication, TLS, and how redelivered events are
 * recognised. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * FlumeOptions options = FlumeOptions.defaults()
 *     .secret(System.getenv("SLUICE_FLUME_SECRET"))
 *     .tls("/etc/sluice/flume-trust.p12", "changeit", "PKCS12")
 *     .redeliveryExpiry(Duration.ofMinutes(10));
 * }</pre>
 *
 * <p><b>Exactly once.</b> The receiver stores a batch and then acks it. When the sink cannot confirm
 * the commit (the ack or its answer lost, the sink's {@code transactionTimeout} passed, the
 * receiver, driver or agent killed in between) the receiver keeps the batch's event keys with the
 * stored block, asks the sink again (acks are idempotent), and when the sink says it rolled back,
 * drops those events when they are offered again (counted in the receiver's status as {@code
 * flume.duplicatesDropped}). An event's key is a 64-bit hash of its headers and body, computed by
 * the sink: install {@code io.sluice.flume.EventIdInterceptor} in the agent (or any interceptor
 * giving each event a unique id header) for exact results. Without one, identical events share a
 * key: they are then interchangeable and counts stay exact, except
 * that after a restart, redeliveries already dropped before it are watched for again until {@link
 * #redeliveryExpiry(Duration)}, so an identical new event in that window is dropped.
 */
public final class FlumeOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Duration DEFAULT_REDELIVERY_EXPIRY = Duration.ofMinutes(10);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  private final String secret;
  private final boolean tls;
  private final String truststore;
  private final String truststorePassword;
  private final String truststoreType;
  private final long redeliveryExpiryMs;
  private final long callTimeoutMs;

  private FlumeOptions(String secret, boolean tls, String truststore, String truststorePassword,
      String truststoreType, long redeliveryExpiryMs, long callTimeoutMs) {
    this.secret = secret;
    this.tls = tls;
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
    this.truststoreType = truststoreType;
    this.redeliveryExpiryMs = redeliveryExpiryMs;
    this.callTimeoutMs = callTimeoutMs;
  }

  /** Plaintext, no secret, expiry 10 minutes, call timeout 60 s. */
  public static FlumeOptions defaults() {
    return new FlumeOptions(null, false, null, null, null,
        DEFAULT_REDELIVERY_EXPIRY.toMillis(), DEFAULT_CALL_TIMEOUT.toMillis());
  }

  /** The sinks' shared secret (sink key {@code secret}); null or empty for none. */
  public FlumeOptions secret(String secret) {
    return new FlumeOptions(secret == null || secret.isEmpty() ? null : secret, tls, truststore,
        truststorePassword, truststoreType, redeliveryExpiryMs, callTimeoutMs);
  }

  /** TLS to sinks with {@code ssl = true}, trusting the JVM's default trust store. */
  public FlumeOptions tls() {
    return new FlumeOptions(secret, true, null, null, null, redeliveryExpiryMs,
        callTimeoutMs);
  }

  /**
   * TLS to sinks with {@code ssl = true}, trusting the certificates in {@code truststore} (a file
   * on every host a receiver runs on) of {@code type} (JKS when null; PKCS12 also loads as JKS).
   * The sink's host name is not matched against its certificate: trust only your sinks' own
   * certificates or CA.
   */
  public FlumeOptions tls(String truststore, String password, String type) {
    Objects.requireNonNull(truststore, "truststore");
    return new FlumeOptions(secret, true, truststore, password, type, redeliveryExpiryMs, callTimeoutMs);
  }

  /**
   * How long, after the sink said a stored batch rolled back, its events are expected again and
   * dropped when they come. Rolled-back events return to the head of the channel, so they normally
   * come within seconds; longer costs memory (about 40 bytes an event) and, for events without an
   * id, widens the window after a restart in which an identical new event is taken for a
   * redelivery; shorter risks a duplicate when redelivery is slower (a sink serving many
   * receivers, a paused agent).
   */
  public FlumeOptions redeliveryExpiry(Duration expiry) {
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("redeliveryExpiry must be positive, was " + expiry);
    }
    return new FlumeOptions(secret, tls, truststore, truststorePassword, truststoreType,
        expiry.toMillis(), callTimeoutMs);
  }

  /**
   * How long a call to a sink may go unanswered before the connection is taken for dead, closed
   * and made again (a sink host that vanished without a reset would otherwise hold a fetcher until
   * TCP gives up, hours later). Keep it above the sink's slowest answer: a take on an empty memory
   * channel waits its keep-alive (3 s by default), a commit up to 30 s.
   */
  public FlumeOptions callTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + timeout);
    }
    return new FlumeOptions(secret, tls, truststore, truststorePassword, truststoreType,
        redeliveryExpiryMs, timeout.toMillis());
  }

  public String secret() {
    return secret;
  }

  public boolean tlsEnabled() {
    return tls;
  }

  public String truststore() {
    return truststore;
  }

  public String truststorePassword() {
    return truststorePassword;
  }

  public String truststoreType() {
    return truststoreType;
  }

  public Duration redeliveryExpiry() {
    return Duration.ofMillis(redeliveryExpiryMs);
  }

  public Duration callTimeout() {
    return Duration.ofMillis(callTimeoutMs);
  }

  @Override
  public String toString() {
    return "FlumeOptions[" + (secret == null ? "no secret" : "secret") + ", "
        + (tls ? "TLS" + (truststore == null ? " (default trust)" : " trusting " + truststore)
            : "plaintext") + ", expiry " + redeliveryExpiry()
        + ", call timeout " + callTimeout() + "]";
  }
}
