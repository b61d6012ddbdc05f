/**
 * How the batch layer runs: the MapReduce engine (plan compiler, mapper/reducer/combiner, shuffle
 * codec, job monitor) and the file sources and commit protocol behind the public API.
 */
package io.sluice.batch.internal;
