/**
 * Flume components for {@link io.sluice.bench.FlumeThroughput}: a generating source loaded by the
 * benchmark's agent JVM, and the counting sink and arrival tally on the receiving side.
 */
package io.sluice.bench.flume;
