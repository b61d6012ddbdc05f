package io.sluice.streaming;

import java.util.List;
import java.util.Optional;

/**
 * The update of {@link PairDStream#updateStateByKey}: each batch, for every key with new values or
 * with state, the new state from the key's values in this batch (possibly none) and its previous
 * state. Return {@code null} to drop the key's state. Runs on the driver, one key at a time, in
 * batch order.
 */
@FunctionalInterface
public interface UpdateStateFn<V, S> {
  S update(List<V> values, Optional<S> state) throws Exception;
}
