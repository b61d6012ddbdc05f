package io.sluice.rdd;

/**
 * One element in, zero or more out through an {@link Emitter} ({@link Rdd#flatMap},
 * {@link PairRdd#flatMapValues}). Emitting instead of returning a collection avoids an allocation
 * per element. Lifecycle and serializability: {@link Fn}.
 *
 * <pre>{@code
 * Rdd<String> words = lines.flatMap((line, out) -> { for (String w : line.split(" ")) out.emit(w); });
 * }</pre>
 */
@FunctionalInterface
public interface FlatMapFn<T, R> extends Fn {

  void apply(T value, Emitter<R> out) throws Exception;
}
