/**
 * Example applications that run the same shared-lib functions in the streaming and
 * batch layers.
 */
package io.sluice.examples;
