package io.sluice.rdd.internal;

import io.sluice.rdd.Action;
import io.sluice.rdd.Config;
import io.sluice.rdd.Engine;
import io.sluice.rdd.RunResult;
import io.sluice.rdd.plan.PlanNode;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process engine: runs a plan's tasks on a fixed pool of daemon threads in this JVM. Each
 * action is one {@link Run}; the caller's thread plans stages and waits, pool threads run tasks.
 */
public final class InProcessEngine implements Engine {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessEngine.class);
  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final String id = "engine-" + ENGINES.incrementAndGet();
  private final Config config;
  private final Clock clock;
  private final int threads;
  private final ExecutorService pool;
  private final AtomicLong runs = new AtomicLong();
  private volatile boolean closed;

  public InProcessEngine(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.threads = EngineSettings.from(config).threads();
    AtomicInteger next = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new EngineThread(this, task, "sluice-" + id + "-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    LOG.info("Started in-process engine {} with {} threads", id, threads);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public int parallelism() {
    return threads;
  }

  Clock clock() {
    return clock;
  }

  String id() {
    return id;
  }

  ExecutorService pool() {
    return pool;
  }

  public int threads() {
    return threads;
  }

  @Override
  public <R> RunResult<R> run(PlanNode plan, Action<?, ?, R> action) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(action, "action");
    if (closed) {
      throw new IllegalStateException("engine " + id + " is closed");
    }
    if (Thread.currentThread() instanceof EngineThread t && t.engine == this) {
      throw new IllegalStateException("an action cannot run inside a task of the same engine"
          + " (it would wait for threads it occupies); call actions on the driver only");
    }
    return new Run<>(this, runs.incrementAndGet(), plan, action).execute();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Runnable queued : pool.shutdownNow()) {
      // Tasks that never started: cancel them so a driver waiting on one fails instead of hanging.
      if (queued instanceof Future<?> future) {
        future.cancel(false);
      }
    }
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Engine {}: tasks still running 10 s after close", id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Stopped in-process engine {} after {} runs", id, runs.get());
  }

  @Override
  public String toString() {
    return "InProcessEngine[" + id + ", " + threads + " threads]";
  }

  /** Marks the pool's threads so that an action called from a task fails instead of deadlocking. */
  private static final class EngineThread extends Thread {
    final InProcessEngine engine;

    EngineThread(InProcessEngine engine, Runnable task, String name) {
      super(task, name);
      this.engine = engine;
    }
  }
}
