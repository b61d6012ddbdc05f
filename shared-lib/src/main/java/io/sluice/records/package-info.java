/**
 * The record Sluice ingests ({@link io.sluice.records.Event}: headers, body, event and ingest time)
 * and its Avro codec, shared by receivers, the WAL, the archive and Parquet outputs.
 */
package io.sluice.records;
