package io.sluice.streaming.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A node whose result depends on earlier batches through state it keeps itself (window sums,
 * keyed state). Checkpoints save that state after each batch; recovery restores it and re-runs
 * only the batches after the checkpoint.
 */
interface StatefulNode {

  /** Writes the state as of the last computed batch. */
  void saveState(DataOutput out) throws IOException;

  /** Replaces the state with one saved by {@link #saveState} at {@code asOfTime}. */
  void restoreState(DataInput in, long asOfTime) throws IOException;

  int id();

  String name();

  String kind();
}
