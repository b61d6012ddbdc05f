package io.sluice.flume;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.sluice.flume.protocol.EventBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.ipc.Transceiver;
import org.apache.avro.ipc.netty.NettyTransportCodec.NettyDataPack;
import org.apache.avro.ipc.reflect.ReflectResponder;
import org.apache.avro.reflect.ReflectData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which receiver connection each call comes from, so the batches a connection took roll back
 * the moment it closes instead of at the transaction timeout.
 *
 * <p>Avro's Netty server decodes a request frame on the connection's event loop and answers it on
 * another thread, so the connection is carried along with the request: a pipeline handler, placed
 * between Avro's frame decoder and its request handler, wraps each request's buffers in a list that
 * names the connection, and the {@link #responder responder} puts that connection in a thread-local
 * for the duration of the call. The same handler sees the connection close.
 */
final class Connections {
  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
  /** Avro's name for its request handler in the server pipeline (NettyServer, Avro 1.11). */
  private static final String AVRO_HANDLER = "handler";
  private static final Schema BATCH_SCHEMA = ReflectData.get().getSchema(EventBatch.class);

  private final String sinkName;
  private final ThreadLocal<io.netty.channel.Channel> current = new ThreadLocal<>();
  private final Map<io.netty.channel.Channel, Set<ChannelBatch>> batches = new ConcurrentHashMap<>();

  Connections(String sinkName) {
    this.sinkName = sinkName;
  }

  /**
   * A responder that tells {@link #current()} during each call, and sends a batch's events without
   * copying them: Avro would copy them into its 8 KB output buffers, allocating as much again on an
   * agent whose young collections already copy its channel's events. It writes the rest of the
   * batch, up to the events' length, and appends the events' own bytes to the answer; they are its
   * last field ({@link EventBatch#writeAllButEvents}), and Avro's {@code Responder.respond} (1.11)
   * puts the response last in the buffers it returns, after the handshake and the call metadata.
   * RPC plugins see the response without the events.
   */
  ReflectResponder responder(Class<?> iface, Object impl) {
    return new ReflectResponder(iface, impl) {
      private final ThreadLocal<ByteBuffer> events = new ThreadLocal<>();

      @Override
      public List<ByteBuffer> respond(List<ByteBuffer> buffers, Transceiver connection) throws IOException {
        current.set(buffers instanceof FromConnection tagged ? tagged.channel : null);
        events.remove();
        try {
          List<ByteBuffer> answer = super.respond(buffers, connection);
          ByteBuffer tail = events.get();
          if (tail != null && tail.hasRemaining() && answer != null) {
            answer = new ArrayList<>(answer);
            answer.add(tail);
          }
          return answer;
        } finally {
          current.remove();
          events.remove();
        }
      }

      @Override
      public void writeResponse(Schema schema, Object response, Encoder out) throws IOException {
        if (response instanceof EventBatch batch && schema.equals(BATCH_SCHEMA)) {
          events.set(batch.writeAllButEvents(out));
        } else {
          super.writeResponse(schema, response, out);
        }
      }
    };
  }

  /** Adds to a new server connection's pipeline: first {@code before} (say, TLS), then the tagger. */
  Consumer<SocketChannel> initializer(Consumer<SocketChannel> before) {
    return ch -> {
      before.accept(ch);
      // Avro adds its decoder and handler after this returns; the tagger goes in once they are there.
      ch.pipeline().addLast("sluice-connection-setup", new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
          if (ctx.pipeline().get(AVRO_HANDLER) != null) {
            ctx.pipeline().addBefore(AVRO_HANDLER, "sluice-connection", new Tagger());
          } else {
            LOG.warn("sink {}: Avro's server pipeline has no '{}' handler; a receiver that disconnects"
                + " leaves its batches open until the transaction timeout", sinkName, AVRO_HANDLER);
          }
          ctx.pipeline().remove(this);
          super.channelRegistered(ctx);
        }
      });
    };
  }

  /** The connection of the call running on this thread, or null. */
  io.netty.channel.Channel current() {
    return current.get();
  }

  /** Ties {@code batch} to the connection that asked for it; rolls it back now if that one is gone. */
  void track(io.netty.channel.Channel connection, ChannelBatch batch) {
    if (connection == null) {
      return;
    }
    batches.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(batch);
    if (!connection.isActive()) {
      closed(connection);
    }
  }

  /** A batch settled: it no longer needs its connection. */
  void untrack(io.netty.channel.Channel connection, ChannelBatch batch) {
    if (connection == null) {
      return;
    }
    Set<ChannelBatch> set = batches.get(connection);
    if (set != null) {
      set.remove(batch);
    }
  }

  /** How many connections have batches open (for tests). */
  int connectionsWithBatches() {
    return (int) batches.values().stream().filter(s -> !s.isEmpty()).count();
  }

  private void closed(io.netty.channel.Channel connection) {
    Set<ChannelBatch> open = batches.remove(connection);
    if (open == null) {
      return;
    }
    List<String> rolledBack = new ArrayList<>();
    for (ChannelBatch batch : open) {
      if (batch.decide(ChannelBatch.Decision.DISCONNECTED)) {
        rolledBack.add(batch.sequence());
      }
    }
    if (!rolledBack.isEmpty()) {
      LOG.warn("sink {}: receiver {} disconnected with {} batch(es) not acked; rolling back {}",
          sinkName, connection.remoteAddress(), rolledBack.size(), rolledBack);
    }
  }

  /** Request buffers that remember the connection they came on. */
  private static final class FromConnection extends ArrayList<ByteBuffer> {
    private final transient io.netty.channel.Channel channel;

    FromConnection(List<ByteBuffer> buffers, io.netty.channel.Channel channel) {
      super(buffers);
      this.channel = channel;
    }
  }

  private final class Tagger extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof NettyDataPack pack) {
        pack.setDatas(new FromConnection(pack.getDatas(), ctx.channel()));
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      closed(ctx.channel());
      super.channelInactive(ctx);
    }
  }
}
