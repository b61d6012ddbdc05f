package io.sluice.bench.flume;

import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.Transaction;
import org.apache.flume.conf.Configurable;
import org.apache.flume.sink.AbstractSink;

/**
 * The end of the benchmark's Avro hop: takes up to {@code batchSize} events per channel transaction,
 * commits, and adds them to {@link ArrivalTally#INSTANCE} (count, sum of {@code seq} headers, commit
 * time). Never asks the sink runner to back off: an empty channel already waits its keep-alive in
 * {@code take}, and a runner backoff (1 s and up) would let the hop's channel fill and refuse
 * batches. Runs on Flume's sink-runner thread.
 */
public final class CountingSink extends AbstractSink implements Configurable {
  private int batchSize = 1000;

  @Override
  public void configure(Context context) {
    batchSize = context.getInteger("batchSize", 1000);
  }

  @Override
  public Status process() throws EventDeliveryException {
    Channel channel = getChannel();
    Transaction tx = channel.getTransaction();
    tx.begin();
    try {
      int n = 0;
      long seqs = 0;
      for (; n < batchSize; n++) {
        Event event = channel.take();
        if (event == null) {
          break;
        }
        seqs += Long.parseLong(event.getHeaders().get("seq"));
      }
      tx.commit();
      if (n > 0) {
        ArrivalTally.INSTANCE.add(n, seqs, System.currentTimeMillis());
      }
      return Status.READY;
    } catch (RuntimeException e) {
      tx.rollback();
      throw new EventDeliveryException("counting sink " + getName() + " failed", e);
    } finally {
      tx.close();
    }
  }
}
