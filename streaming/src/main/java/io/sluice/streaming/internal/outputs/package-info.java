/**
 * The built-in outputs of streams (text files, HBase, the archive), each idempotent by batch time so
 * a batch run again after recovery leaves the same result.
 */
package io.sluice.streaming.internal.outputs;
