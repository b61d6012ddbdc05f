package io.sluice.streaming;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link PairDStream#mapWithState} does: a mapping function and, optionally, an idle timeout
 * after which a key is called one last time (with {@link State#isTimingOut()}) and its state
 * dropped.
 *
 * <pre>{@code
 * StateSpec<String, Long, Long, String> spec = StateSpec.of((key, value, state) -> {
 *   long total = state.exists() ? state.get() : 0;
 *   if (state.isTimingOut()) return key + " idle at " + total;
 *   state.update(total + value.orElse(0L));
 *   return null; // emit nothing
 * }).timeout(Duration.ofMinutes(10));
 * }</pre>
 */
public final class StateSpec<K, V, S, R> {
  private final MapWithStateFn<K, V, S, R> fn;
  private final Duration timeout;

  private StateSpec(MapWithStateFn<K, V, S, R> fn, Duration timeout) {
    this.fn = Objects.requireNonNull(fn, "fn");
    this.timeout = timeout;
  }

  public static <K, V, S, R> StateSpec<K, V, S, R> of(MapWithStateFn<K, V, S, R> fn) {
    return new StateSpec<>(fn, null);
  }

  /** Keys without data for {@code idle} time out. */
  public StateSpec<K, V, S, R> timeout(Duration idle) {
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + idle);
    }
    return new StateSpec<>(fn, idle);
  }

  public MapWithStateFn<K, V, S, R> fn() {
    return fn;
  }

  /** The idle timeout in milliseconds, or 0 for none. */
  public long timeoutMillis() {
    return timeout == null ? 0 : timeout.toMillis();
  }

  /**
   * Called for each (key, value) of a batch in arrival order, and once with an empty value for a key
   * timing out. Returns the record to emit, or {@code null} for none. Runs on the driver.
   */
  @FunctionalInterface
  public interface MapWithStateFn<K, V, S, R> {
    R apply(K key, java.util.Optional<V> value, State<S> state) throws Exception;
  }
}
