package io.sluice.streaming;

/**
 * One key's state in {@link PairDStream#mapWithState}, handed to the mapping function: read it,
 * update it or remove it. Valid only during that call.
 */
public interface State<S> {

  boolean exists();

  /** The state; throws if there is none ({@link #exists()}). */
  S get();

  void update(S newState);

  void remove();

  /** True when the key is being called because it had no data for the spec's timeout. */
  boolean isTimingOut();
}
