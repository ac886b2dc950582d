package io.github.freshet.query;

import java.time.Duration;

/** How long a query or mutation waits before retrying a failed attempt. */
@FunctionalInterface
public interface RetryDelay {
  /**
   * Returns the delay before the next attempt.
   *
   * @param failureCount how many attempts failed before the one that just failed: 0 after the first
   *     failure
   * @param error the error of the attempt that just failed
   * @return the delay, not negative
   */
  Duration delay(int failureCount, Throwable error);

  /**
   * Returns TanStack Query's default: {@code min(1000 · 2^failureCount, 30000)} ms, so 1 s, 2 s, 4
   * s, … up to 30 s.
   *
   * @return the default delay
   */
  static RetryDelay exponential() {
    return (failureCount, error) ->
        Duration.ofMillis(Math.min(1000L << Math.min(failureCount, 20), 30_000L));
  }

  /**
   * Returns a fixed delay.
   *
   * @param delay the delay
   * @return a delay that ignores the failure count
   */
  static RetryDelay fixed(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return (failureCount, error) -> delay;
  }
}
