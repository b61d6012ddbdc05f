/**
 * The plan an {@link io.sluice.rdd.Rdd} describes: immutable, serializable nodes with names,
 * parents and narrow/shuffle boundaries, read by engines (in-process here, MapReduce in batch).
 */
package io.sluice.rdd.plan;
