/**
 * JMH micro-benchmarks and end-to-end throughput and latency benchmarks; results and the
 * commands that produced them are in this module's README.
 */
package io.sluice.bench;
