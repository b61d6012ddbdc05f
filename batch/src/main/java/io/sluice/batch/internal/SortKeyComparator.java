package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.rdd.CompareFn;
import io.sluice.rdd.plan.SortNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.RawComparator;

/**
 * Sort order of a {@code sortByKey} job: decodes both keys and applies the plan's
 * {@link CompareFn}. Decoding per comparison is slow next to byte comparison, but it is the only
 * way to honour a user's order; sorting jobs are rare in this layer (views are hash-aggregated).
 */
public final class SortKeyComparator implements RawComparator<BytesWritable>, Configurable {

  private Configuration conf;
  private CompareFn<Object> order;
  private ValueCodec codec;

  @Override
  @SuppressWarnings("unchecked")
  public void setConf(Configuration conf) {
    this.conf = conf;
    try {
      JobSpec spec = JobSpecs.load(conf);
      order = (CompareFn<Object>) ((SortNode) spec.shuffleNode()).keyOrder();
      codec = new ValueCodec(JobSpecs.loader(conf));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    // BytesWritable's serialized form: a 4-byte length, then the bytes (partition prefix + key).
    int skip = 4 + ShuffleKeys.PREFIX;
    return compareKeys(codec.decode(b1, s1 + skip, l1 - skip), codec.decode(b2, s2 + skip, l2 - skip));
  }

  @Override
  public int compare(BytesWritable a, BytesWritable b) {
    int skip = ShuffleKeys.PREFIX;
    return compareKeys(codec.decode(a.getBytes(), skip, a.getLength() - skip),
        codec.decode(b.getBytes(), skip, b.getLength() - skip));
  }

  private int compareKeys(Object a, Object b) {
    try {
      return order.compare(a, b);
    } catch (Exception e) {
      throw new IllegalStateException("the sort order failed on keys " + a + " and " + b, e);
    }
  }
}
