package io.sluice.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A receiver fed by the test through a queue: each poll stores what is waiting as one durable
 * block (the reliable path); {@link #acknowledged()} counts what store(List) returned for.
 */
final class QueueReceiver<T> extends Receiver<T> {
  private final transient BlockingQueue<T> queue = new LinkedBlockingQueue<>();
  private transient volatile Thread thread;
  private transient volatile long acknowledged;

  void offer(List<T> records) {
    queue.addAll(records);
  }

  long acknowledged() {
    return acknowledged;
  }

  boolean drained() {
    return queue.isEmpty();
  }

  @Override
  public void onStart() {
    thread = new Thread(() -> {
      while (!isStopped()) {
        try {
          T first = queue.poll(20, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          List<T> block = new ArrayList<>();
          block.add(first);
          queue.drainTo(block);
          store(block);
          acknowledged += block.size();
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "queue-receiver");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void onStop() {
    Thread current = thread;
    if (current != null) {
      current.interrupt();
      try {
        current.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
