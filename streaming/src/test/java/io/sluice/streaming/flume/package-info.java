/**
 * Tests of the Flume integration: the Sluice sink on real Flume channels, polled by the receiver
 * inside a streaming context, every event counted.
 */
package io.sluice.streaming.flume;
