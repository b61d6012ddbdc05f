/**
 * The batch layer's API: {@link io.sluice.batch.BatchContext} (MapReduce or in-process engine,
 * text/archive/Parquet sources), the Parquet, HBase and text sinks, and the {@link
 * io.sluice.batch.BatchJob} / {@link io.sluice.batch.BatchMain} entry point that Oozie runs.
 */
package io.sluice.batch;
