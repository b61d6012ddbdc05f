/**
 * Ready-made batch jobs for {@link io.sluice.batch.BatchMain}; the Oozie application runs
 * {@link io.sluice.batch.jobs.ErrorsPerLoggerPerMinute} by default.
 */
package io.sluice.batch.jobs;
