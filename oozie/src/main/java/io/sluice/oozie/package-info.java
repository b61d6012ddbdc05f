/**
 * Support for the Oozie application that schedules batch reconciliation; the application
 * itself (workflow, coordinator, job.properties) lives in this module's {@code src/main/oozie}.
 */
package io.sluice.oozie;
