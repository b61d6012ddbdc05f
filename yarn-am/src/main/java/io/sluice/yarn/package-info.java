/**
 * The {@code sluice} command line, the {@code yarn jar} entry point, and the YARN
 * ApplicationMaster that hosts the streaming driver.
 */
package io.sluice.yarn;
