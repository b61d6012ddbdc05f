/**
 * Reusable functions from {@code Rdd} to {@code Rdd} that run unchanged in tests, streaming
 * {@code transform} and batch jobs: log-line analysis, order-status events, word count.
 */
package io.sluice.functions;
