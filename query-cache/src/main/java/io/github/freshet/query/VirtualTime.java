package io.github.freshet.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock and a scheduler that move only when a test says so: {@link #advance(Duration)} moves the
 * clock and runs every task that falls due, in order of due time (ties in order of scheduling), on
 * the calling thread. Lets tests exercise staleness, polling, retries and garbage collection
 * without sleeping.
 *
 * <pre>{@code
 * VirtualTime time = VirtualTime.create();
 * QueryClient client = QueryClient.builder()
 *     .clock(time.clock()).scheduler(time.scheduler()).callbackExecutor(Runnable::run).build();
 * ...
 * time.advance(Duration.ofMinutes(5)); // gc timers fire now
 * }</pre>
 *
 * <p>Thread-safe: other threads may schedule while a test advances; a task scheduled for a time
 * that has already passed runs in the next {@code advance} or {@link #runDue()}.
 */
public final class VirtualTime {
  private final Object lock = new Object();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Instant origin;
  private volatile long nanos;

  private VirtualTime(Instant origin) {
    this.origin = origin;
  }

  /**
   * Returns virtual time starting at 2026-01-01T00:00:00Z.
   *
   * @return a new virtual time
   */
  public static VirtualTime create() {
    return startingAt(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Returns virtual time starting at an instant.
   *
   * @param origin what the clock says before the first advance
   * @return a new virtual time
   */
  public static VirtualTime startingAt(Instant origin) {
    return new VirtualTime(Objects.requireNonNull(origin, "origin"));
  }

  /**
   * Returns the clock, which reads this virtual time.
   *
   * @return the clock, in UTC
   */
  public Clock clock() {
    return new VirtualClock(ZoneOffset.UTC);
  }

  /**
   * Returns the scheduler, whose tasks run when {@link #advance} reaches them.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return (delay, task) -> {
      Objects.requireNonNull(task, "task");
      long due = saturatedAdd(nanos, delay);
      Task scheduled = new Task(due, sequence.getAndIncrement(), task);
      synchronized (lock) {
        tasks.add(scheduled);
      }
      return () -> {
        synchronized (lock) {
          tasks.remove(scheduled);
        }
      };
    };
  }

  /**
   * Returns the time elapsed since the origin.
   *
   * @return the elapsed virtual time
   */
  public Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  /**
   * Returns the current virtual instant.
   *
   * @return now
   */
  public Instant now() {
    return origin.plusNanos(nanos);
  }

  /**
   * Returns how many tasks wait to run.
   *
   * @return the number of scheduled, not yet run, not cancelled tasks
   */
  public int pendingTasks() {
    synchronized (lock) {
      return tasks.size();
    }
  }

  /**
   * Moves time forward, running every task due up to the new time, each with the clock set to its
   * due time. Tasks that those tasks schedule within the window run too. If tasks throw, the rest
   * of the window still runs and the first exception is rethrown at the end (later ones
   * suppressed). A task may itself call {@code advance}; time never moves backwards.
   *
   * @param duration how far to move; not negative
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Time only moves forward: " + duration);
    }
    long target = saturatedAdd(nanos, duration);
    RuntimeException failure = null;
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          break;
        }
        tasks.poll();
      }
      if (next.due > nanos) {
        nanos = next.due;
      }
      try {
        next.task.run();
      } catch (RuntimeException e) {
        // Run the rest of the window anyway, then report the first failure.
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    nanos = Math.max(nanos, target); // A task may have advanced time itself, further.
    if (failure != null) {
      throw failure;
    }
  }

  private static long saturatedAdd(long base, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      return base;
    }
    long delta;
    try {
      delta = delay.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    long sum = base + delta;
    return sum < base ? Long.MAX_VALUE : sum;
  }

  /** Runs every task already due, without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  private record Task(long due, long sequence, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new VirtualClock(zone);
    }

    @Override
    public Instant instant() {
      return now();
    }

    @Override
    public long millis() {
      return origin.toEpochMilli() + nanos / 1_000_000L;
    }
  }
}
