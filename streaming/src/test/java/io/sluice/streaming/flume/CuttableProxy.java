package io.sluice.streaming.flume;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between receivers and a sink whose connections the test can cut (both ends reset),
 * to drop the network in the middle of a batch, or slow down (each chunk a receiver sends is held
 * for a while: a late ack), without touching either side's code.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Milliseconds each chunk from a receiver to the sink is held; 0 relays at once. */
  private volatile long upstreamDelayMs;

  CuttableProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0);
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  /** Resets every open connection; new ones are relayed again. */
  void cutAll() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    sockets.clear();
  }

  /** Holds each chunk a receiver sends (its requests and acks) for {@code millis}; 0 to stop. */
  void delayUpstream(long millis) {
    upstreamDelayMs = millis;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream;
        try {
          upstream = new Socket(target.getAddress(), target.getPort());
        } catch (IOException sinkDown) {
          client.close(); // as the sink itself would refuse: the client sees its connection fail
          continue;
        }
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        // closed, or the sink is down: the client sees its connection fail
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long delay = upstream ? upstreamDelayMs : 0;
          if (delay > 0) {
            Thread.sleep(delay);
          }
          out.write(buffer, 0, n);
        }
      } catch (IOException | InterruptedException ignored) {
        // cut
      } finally {
        try {
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutAll();
  }
}
