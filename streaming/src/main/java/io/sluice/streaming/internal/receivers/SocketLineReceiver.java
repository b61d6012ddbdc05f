package io.sluice.streaming.internal.receivers;

import io.sluice.records.GrowableBuffer;
import io.sluice.streaming.Receiver;
import io.sluice.streaming.RecordCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Lines from a TCP server: connects, reads until the server closes or the connection fails, then
 * asks to be restarted (with backoff). Lines over the size limit are rejected and reported. Lines
 * go from the socket's bytes into the block in {@link RecordCodec#strings()}'s encoding, never
 * becoming strings on the way: at a million lines a second the receiver thread would otherwise
 * spend its time decoding and the collector tracing them.
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
      EncodedLines lines = new EncodedLines();
      try (InputStream in = s.getInputStream()) {
        new LineSplitter(maxLineBytes).split(in, lines, this::reportOversized, this::isStopped, () -> {
          if (lines.count > 0) {
            storeEncoded(lines.buffer.array(), 0, lines.buffer.size(), lines.count);
            lines.buffer.reset();
            lines.count = 0;
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

  /** The lines of one read, encoded as {@link RecordCodec#strings()} writes them: length, bytes. */
  private static final class EncodedLines implements LineSplitter.LineBytes {
    final GrowableBuffer buffer = new GrowableBuffer(256 * 1024);
    int count;

    @Override
    public void line(byte[] bytes, int offset, int length) {
      buffer.writeInt(length);
      buffer.write(bytes, offset, length);
      count++;
    }
  }
}
