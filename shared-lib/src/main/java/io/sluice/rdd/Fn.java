package io.sluice.rdd;

import java.io.Serializable;

/**
 * Base of every user function passed to an {@link Rdd}: serializable, with per-task lifecycle hooks.
 *
 * <p><b>Serializability.</b> Functions travel: an engine serializes them with Java serialization
 * when an action runs and gives every task its own deserialized copy (the in-process engine does
 * this too, so a function that would fail on MapReduce fails the same way in a unit test). A lambda
 * or method reference is serializable because its target type extends this interface, but only if
 * everything it captures is serializable too. So:
 * <ul>
 *   <li>capture values (strings, numbers, records, immutable collections), never an {@link Rdd},
 *       an {@link Engine}, a connection, a logger or the enclosing non-serializable {@code this}
 *       (an instance method reference or a lambda calling an instance method captures it);</li>
 *   <li>prefer static methods, or small top-level or static nested classes, for anything non-trivial;</li>
 *   <li>make non-serializable members {@code transient} and create them in {@link #open};</li>
 *   <li>keep captured values small: every task deserializes its own copy (a large lookup table
 *       belongs in a file or table that {@link #open} reads).</li>
 * </ul>
 * A function that cannot be serialized fails the action before any task starts, naming the operator.
 * Side effects on captured objects are invisible to the caller: the task mutates its own copy. Use
 * {@link TaskContext#counter counters}, actions or a {@link Sink} to get results out.
 *
 * <p><b>Lifecycle</b>, for each task (one partition of one stage):
 * <ol>
 *   <li>the engine deserializes a fresh copy of the function in the task's JVM
 *       (in-process: an engine thread; MapReduce: a map or reduce task);</li>
 *   <li>{@link #open} is called once, before the first element;</li>
 *   <li>the function is called for each element, always from one thread at a time;</li>
 *   <li>{@link #close} is called once after the last element, also when the task fails.</li>
 * </ol>
 * Functions that merge partial results of an action ({@link Rdd#reduce}, {@link Rdd#fold},
 * {@link Rdd#top}) are also used once on the driver, opened and closed there in the same way.
 *
 * <pre>{@code
 * final class Tokenize implements FlatMapFn<String, String> {
 *   private transient Counter empty;
 *   public void open(TaskContext context) { empty = context.counter("tokenize.empty-lines"); }
 *   public void apply(String line, Emitter<String> out) {
 *     if (line.isBlank()) { empty.increment(); return; }
 *     for (String word : line.split(" ")) out.emit(word);
 *   }
 * }
 * }</pre>
 */
public interface Fn extends Serializable {

  /** Called once per task before the first element; create transient resources here. */
  default void open(TaskContext context) throws Exception {
  }

  /** Called once per task after the last element, and after a failure; release resources here. */
  default void close() throws Exception {
  }
}
