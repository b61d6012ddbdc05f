package io.sluice.streaming.internal.receivers;

import io.sluice.streaming.Receiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines from a TCP server: connects, reads until the server closes or the connection fails, then
 * asks to be restarted (with backoff). Lines over the size limit are rejected and reported.
 */
public final class SocketLineReceiver extends Receiver<String> {

  private final String host;
  private final int port;
  private final int maxLineBytes;
  private transient volatile Socket socket;
  private transient Thread reader;

  public SocketLineReceiver(String host, int port, int maxLineBytes) {
    this.host = host;
    this.port = port;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void onStart() {
    reader = new Thread(this::receive, "sluice-socket-" + host + ":" + port);
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public void onStop() {
    Socket current = socket;
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // closing unblocks the reader
      }
    }
    if (reader != null) {
      reader.interrupt();
    }
  }

  private void receive() {
    try (Socket s = new Socket()) {
      socket = s;
      s.connect(new InetSocketAddress(host, port), 10_000);
      s.setReceiveBufferSize(1 << 20);
      List<String> batch = new ArrayList<>();
      try (InputStream in = s.getInputStream()) {
        new LineSplitter(maxLineBytes).split(in, batch::add, this::reportOversized, this::isStopped, () -> {
          if (!batch.isEmpty()) {
            storeAll(batch);
            batch.clear();
          }
        });
      }
      if (!isStopped()) {
        restart("the server at " + host + ":" + port + " closed the connection", null);
      }
    } catch (IOException | Receiver.StoreException e) {
      if (!isStopped()) {
        restart("cannot read from " + host + ":" + port, e);
      }
    }
  }
}
