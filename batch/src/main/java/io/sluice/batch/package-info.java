/**
 * The batch layer: {@code BatchContext}, which runs shared-lib plans as MapReduce jobs
 * over the master dataset on HDFS and writes Parquet and HBase.
 */
package io.sluice.batch;
