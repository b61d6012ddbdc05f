package io.sluice.examples;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A TCP server that sends generated Hadoop log lines ({@link LogLines}) to whoever connects, at a
 * given rate, for trying the streaming examples without a real log source.
 *
 * <pre>
 * bin/sluice run io.sluice.examples.LogServer 9999 2000      # port, lines per second
 * </pre>
 */
public final class LogServer {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    List<String> lines = LogLines.generate(100_000, System.nanoTime());
    try (ServerSocket server = new ServerSocket(port)) {
      System.out.printf("Serving log lines on port %d at %d lines/s; Ctrl-C stops.%n", port, rate);
      while (true) {
        try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
          System.out.println("Client connected: " + client.getRemoteSocketAddress());
          long start = System.nanoTime();
          for (long sent = 0; ; sent++) {
            String line = lines.get((int) (sent % lines.size())) + "\n";
            out.write(line.getBytes(StandardCharsets.UTF_8));
            if (sent % 100 == 99) {
              out.flush();
              long due = start + sent * 1_000_000_000L / rate;
              long wait = due - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
            }
            if (sent % 1000 == 999) {
              out.write("### not a log line: a dead letter ###\n".getBytes(StandardCharsets.UTF_8));
            }
          }
        } catch (java.io.IOException e) {
          System.out.println("Client gone: " + e.getMessage());
        }
      }
    }
  }
}
