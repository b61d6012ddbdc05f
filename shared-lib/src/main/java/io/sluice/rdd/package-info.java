/**
 * The RDD-style dataset API shared by the streaming and batch layers: lazy, partitioned
 * datasets ({@code Rdd}, {@code PairRdd}), the functions users pass to them, and the in-process engine.
 */
package io.sluice.rdd;
