package io.sluice.bench.flume;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flume.ChannelException;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.source.AbstractPollableSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pollable Flume source that puts {@code events} generated events into its channel as fast as
 * the channel takes them, in put transactions of {@code batchSize}, then idles. Each event has a
 * {@code bodySize}-byte printable body starting with its zero-padded sequence number, and three
 * headers: {@code seq} (0, 1, 2, ...), {@code timestamp} (epoch ms at generation) and {@code host}.
 * A full channel fails the batch, which is generated again after a short backoff.
 *
 * <p>Agent configuration (keys relative to {@code agent.sources.<name>.}):
 * <pre>{@code
 * a.sources.gen.type = io.sluice.bench.flume.GeneratorSource
 * a.sources.gen.events = 1000000
 * a.sources.gen.bodySize = 500
 * a.sources.gen.batchSize = 1000
 * }</pre>
 * Runs on Flume's source-runner thread; not thread-safe beyond that.
 */
public final class GeneratorSource extends AbstractPollableSource {
  public static final String EVENTS = "events";
  public static final String BODY_SIZE = "bodySize";
  public static final String BATCH_SIZE = "batchSize";
  /** Digits of the sequence number at the start of each body. */
  private static final int SEQ_DIGITS = 12;
  private static final Logger LOG = LoggerFactory.getLogger(GeneratorSource.class);

  private long events;
  private int batchSize;
  private byte[] template;
  private long next;
  private boolean reportedDone;

  @Override
  protected void doConfigure(Context context) {
    events = context.getLong(EVENTS, 1_000_000L);
    batchSize = context.getInteger(BATCH_SIZE, 1000);
    int bodySize = Math.max(SEQ_DIGITS, context.getInteger(BODY_SIZE, 500));
    template = new byte[bodySize];
    Random random = new Random(42);
    for (int i = 0; i < bodySize; i++) {
      template[i] = (byte) (' ' + random.nextInt(95));
    }
  }

  @Override
  protected void doStart() {
    next = 0;
    reportedDone = false;
  }

  @Override
  protected void doStop() {
  }

  @Override
  protected Status doProcess() {
    if (next >= events) {
      if (!reportedDone) {
        LOG.info("source {}: all {} events generated", getName(), events);
        reportedDone = true;
      }
      return Status.BACKOFF;
    }
    int n = (int) Math.min(batchSize, events - next);
    String now = Long.toString(System.currentTimeMillis());
    List<Event> batch = new ArrayList<>(n);
    for (long seq = next; seq < next + n; seq++) {
      batch.add(EventBuilder.withBody(body(seq),
          Map.of("seq", Long.toString(seq), "timestamp", now, "host", "bench-agent")));
    }
    try {
      getChannelProcessor().processEventBatch(batch);
    } catch (ChannelException full) {
      return Status.BACKOFF; // the same sequence numbers are generated again
    }
    next += n;
    return Status.READY;
  }

  private byte[] body(long seq) {
    byte[] body = template.clone();
    byte[] digits = Long.toString(seq).getBytes(US_ASCII);
    int pad = SEQ_DIGITS - digits.length;
    for (int i = 0; i < pad; i++) {
      body[i] = '0';
    }
    System.arraycopy(digits, 0, body, pad, digits.length);
    return body;
  }
}
