package io.sluice.batch.internal;

/**
 * Carries a map task's read progress from its source reader to MapReduce: {@link PlanMapper} binds
 * the task's split to its thread, a {@link FileSource} reader reports the fraction of its split it
 * has read, and the split's record reader hands that to the framework, which polls it from another
 * thread (hence volatile). Outside a map task (in-process engine, reducers) reports go nowhere.
 */
final class TaskProgress {

  private static final ThreadLocal<PartitionInputFormat.PartitionSplit> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Runnable> POKE = new ThreadLocal<>();

  private TaskProgress() {
  }

  /**
   * {@code poke} makes the framework read the progress: MapReduce copies a record reader's progress
   * only when the task asks it for the next record, which a Sluice mapper never does on its own.
   */
  static void bind(PartitionInputFormat.PartitionSplit split, Runnable poke) {
    CURRENT.set(split);
    POKE.set(poke);
  }

  static void unbind() {
    CURRENT.remove();
    POKE.remove();
  }

  /** Reports that {@code fraction} (0 to 1) of the current split has been read. */
  static void report(float fraction) {
    PartitionInputFormat.PartitionSplit split = CURRENT.get();
    if (split != null) {
      split.progress = Math.max(0f, Math.min(1f, fraction));
      POKE.get().run();
    }
  }
}
