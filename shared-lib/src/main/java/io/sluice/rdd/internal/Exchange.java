package io.sluice.rdd.internal;

import java.util.Iterator;

/**
 * The in-memory output of a shuffle's map side, read by the next stage's tasks. A partition may be
 * read more than once in a run (a dataset joined or unioned with itself), and concurrently.
 */
interface Exchange {

  Iterator<?> read(Task task, int partition) throws Exception;
}
