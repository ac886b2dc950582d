package io.github.freshet.client;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A retry scheduler that never waits: it records each requested delay and either runs the task at
 * once ({@link #immediate()}) or holds it until the test runs it ({@link #manual()}).
 */
final class RecordingScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final boolean immediate;
  private final List<Duration> delays = new ArrayList<>();
  private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
  private volatile boolean shutdown;

  private RecordingScheduler(boolean immediate) {
    this.immediate = immediate;
  }

  static RecordingScheduler immediate() {
    return new RecordingScheduler(true);
  }

  static RecordingScheduler manual() {
    return new RecordingScheduler(false);
  }

  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** Waits (bounded) until a task is scheduled, then runs it. */
  void runNext() throws InterruptedException, TimeoutException {
    Runnable task = held.poll(10, TimeUnit.SECONDS);
    if (task == null) {
      throw new TimeoutException("Nothing was scheduled within 10 s");
    }
    task.run();
  }

  /** Waits (bounded) until a task is scheduled, and leaves it unrun. */
  Runnable awaitScheduled() throws InterruptedException, TimeoutException {
    Runnable task = held.poll(10, TimeUnit.SECONDS);
    if (task == null) {
      throw new TimeoutException("Nothing was scheduled within 10 s");
    }
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    record(command, delay, unit);
    return new DoneFuture<>();
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    record(
        () -> {
          try {
            callable.call();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        delay,
        unit);
    return new DoneFuture<>();
  }

  private void record(Runnable command, long delay, TimeUnit unit) {
    synchronized (this) {
      delays.add(Duration.ofMillis(unit.toMillis(delay)));
    }
    if (immediate) {
      command.run();
    } else {
      held.add(command);
    }
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by retries");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by retries");
  }

  @Override
  public void execute(Runnable command) {
    record(command, 0, MILLISECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }

  private static class DoneFuture<V> implements ScheduledFuture<V> {
    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(MILLISECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public V get() {
      throw new UnsupportedOperationException("not used by retries");
    }

    @Override
    public V get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by retries");
    }
  }
}
