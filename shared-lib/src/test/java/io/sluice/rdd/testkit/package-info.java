/**
 * The test kit, shipped as shared-lib's test-jar: run an Rdd function on a list and assert on the
 * result in three lines ({@link io.sluice.rdd.testkit.TestKit}).
 */
package io.sluice.rdd.testkit;
