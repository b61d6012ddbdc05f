/**
 * The RDD-style dataset API shared by the streaming and batch layers: lazy, partitioned datasets
 * ({@link io.sluice.rdd.Rdd}, {@link io.sluice.rdd.PairRdd}), the functions users pass to them, and
 * the {@link io.sluice.rdd.Engine} that runs them. Start at {@link io.sluice.rdd.Rdd}.
 */
package io.sluice.rdd;
