/**
 * Support for the Oozie application that schedules the batch layer ({@link
 * io.sluice.oozie.WorkflowGraph} checks workflow graphs); the application itself (workflow,
 * coordinator, job.properties) lives in this module's {@code src/main/oozie}.
 */
package io.sluice.oozie;
