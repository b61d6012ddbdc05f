package io.sluice.streaming.internal.wal;

import java.io.Closeable;
import java.util.Iterator;

/**
 * An iterator holding open files: close it (try-with-resources) even when not read to the end.
 * {@link #hasNext()} and {@link #next()} throw {@link java.io.UncheckedIOException} when a read
 * fails.
 */
public interface CloseableIterator<T> extends Iterator<T>, Closeable {}
