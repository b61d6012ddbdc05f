package io.sluice.streaming.internal.receivers;

import io.sluice.records.Event;
import io.sluice.streaming.Receiver;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.ipc.netty.NettyServer;
import org.apache.avro.ipc.specific.SpecificResponder;
import org.apache.flume.source.avro.AvroFlumeEvent;
import org.apache.flume.source.avro.AvroSourceProtocol;
import org.apache.flume.source.avro.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Flume's own Avro source protocol ({@link AvroSourceProtocol}, Netty transport, no
 * compression, no TLS), so a stock Flume Avro sink ({@code type = avro}) can push to Sluice. Each
 * {@code append}/{@code appendBatch} is stored as one durable block before it is answered
 * {@code OK}; a failed store answers {@code FAILED}, and the Avro sink rolls its transaction back and
 * sends again. Requests are answered on Avro's Netty threads. A port that cannot be bound makes the
 * receiver restart with backoff. Event time as for the polling receiver: the {@code timestamp}
 * header, else the ingest time.
 */
public final class FlumePushReceiver extends Receiver<Event> {
  private static final Logger LOG = LoggerFactory.getLogger(FlumePushReceiver.class);

  private final String host;
  private final int port;
  private transient volatile NettyServer server;

  public FlumePushReceiver(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public void onStart() {
    try {
      server = new NettyServer(new SpecificResponder(AvroSourceProtocol.class, new Handler()),
          new InetSocketAddress(host, port));
      LOG.info("[{}] serving Flume's Avro source protocol on {}:{}", streamName(), host, server.getPort());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      restart("cannot serve Flume's Avro source protocol on " + host + ":" + port, e);
    }
  }

  @Override
  public void onStop() {
    NettyServer current = server;
    server = null;
    if (current != null) {
      current.close();
    }
  }

  private final class Handler implements AvroSourceProtocol {
    @Override
    public Status append(AvroFlumeEvent event) {
      return appendBatch(List.of(event));
    }

    @Override
    public Status appendBatch(List<AvroFlumeEvent> batch) {
      if (isStopped()) {
        return Status.FAILED;
      }
      long now = System.currentTimeMillis();
      List<Event> events = new ArrayList<>(batch.size());
      for (AvroFlumeEvent e : batch) {
        Map<String, String> headers = new LinkedHashMap<>();
        e.getHeaders().forEach((k, v) -> headers.put(k.toString(), v.toString()));
        ByteBuffer body = e.getBody();
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        events.add(Event.of(headers, bytes, eventTime(headers.get("timestamp"), now), now));
      }
      try {
        store(events);
        return Status.OK;
      } catch (StoreException e) {
        LOG.warn("[{}] could not store {} pushed events; answering FAILED", streamName(), events.size(), e);
        return Status.FAILED;
      }
    }
  }

  private static long eventTime(String timestamp, long fallback) {
    if (timestamp != null) {
      try {
        return Long.parseLong(timestamp);
      } catch (NumberFormatException ignored) {
        // not epoch millis
      }
    }
    return fallback;
  }
}
