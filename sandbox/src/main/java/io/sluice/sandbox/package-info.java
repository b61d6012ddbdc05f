/**
 * The embedded single-machine cluster: MiniDFS, MiniYARN, an HBase mini cluster and,
 * on request, MiniKdc; plus a JUnit 5 extension that shares one per test JVM.
 */
package io.sluice.sandbox;
