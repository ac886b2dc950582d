package io.github.freshet.query;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks after a delay: the only way the query cache waits (stale and gc timers, retry delays,
 * polling). Inject {@link VirtualTime#scheduler()} in tests to advance time by hand.
 *
 * <p>Implementations must be thread-safe. A task runs at most once; cancelling a task that already
 * ran does nothing.
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Schedules a task.
   *
   * @param delay how long to wait; zero or negative runs it as soon as possible
   * @param task what to run, on a thread of the scheduler's choosing
   * @return a handle that cancels the task if it has not run yet
   */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * Returns a scheduler that runs tasks on a JDK scheduled executor. The caller keeps ownership of
   * the executor.
   *
   * @param executor the executor
   * @return the scheduler
   */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (delay, task) -> {
      long nanos;
      try {
        nanos = Math.max(0, delay.toNanos());
      } catch (ArithmeticException tooLong) {
        nanos = Long.MAX_VALUE; // Centuries: never, in practice.
      }
      ScheduledFuture<?> future = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run yet. */
    void cancel();
  }
}
