package io.sluice.rdd.internal;

import io.sluice.rdd.Source;
import io.sluice.rdd.TaskContext;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** {@link Source#of}: an immutable copy of a list, served in contiguous slices. */
public final class ListSource<T> implements Source<T> {

  private final List<T> elements;
  private final int partitions;

  public ListSource(List<T> elements, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    Object[] copy = elements.toArray();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        throw new NullPointerException("element " + i + " is null; datasets never hold null");
      }
    }
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(copy));
    this.elements = list;
    this.partitions = partitions;
  }

  @Override
  public int partitions() {
    return partitions;
  }

  @Override
  public Iterator<T> open(int partition, TaskContext context) {
    long size = elements.size();
    int from = (int) (size * partition / partitions);
    int to = (int) (size * (partition + 1) / partitions);
    return elements.subList(from, to).iterator();
  }

  @Override
  public String toString() {
    return "ListSource[" + elements.size() + " elements, " + partitions + " partitions]";
  }
}
