package io.github.freshet.realtime.internal;

import io.github.freshet.realtime.ReconnectPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The reconnect state of one bridge: which attempt comes next and how long to wait, with the count
 * reset only after a connection stayed open for the policy's stable period. Time and randomness are
 * injected. Not thread-safe: the bridge uses it from its serial executor.
 */
public final class Backoff {
  private static final Duration MAX_HINT = Duration.ofDays(1);

  private final ReconnectPolicy policy;
  private final Clock clock;
  private final RandomGenerator random;
  private int attempt;
  private @Nullable Instant openedAt;
  private @Nullable Duration serverHint;

  /**
   * Creates the state.
   *
   * @param policy the policy
   * @param clock says when connections open and close
   * @param random draws the jitter
   */
  public Backoff(ReconnectPolicy policy, Clock clock, RandomGenerator random) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A connection opened. */
  public void opened() {
    openedAt = clock.instant();
  }

  /** The open connection closed: if it stayed open long enough, the count starts again. */
  public void closed() {
    Instant since = openedAt;
    openedAt = null;
    if (since != null
        && !Duration.between(since, clock.instant()).minus(policy.stableAfter()).isNegative()) {
      attempt = 0;
    }
  }

  /**
   * Remembers the delay the server asked for (until it asks for another): the least the bridge
   * waits before each reconnect from now on.
   *
   * @param delay the server's delay
   */
  public void serverAsked(Duration delay) {
    // Capped at a day: a larger value is a server's bug, and would overflow with the spread.
    serverHint =
        delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX_HINT) > 0 ? MAX_HINT : delay;
  }

  /**
   * Returns the next attempt's number and counts it.
   *
   * @return the attempt, from 1
   */
  public int nextAttempt() {
    return ++attempt;
  }

  /**
   * Returns the delay before the attempt {@link #nextAttempt()} last returned: the computed delay,
   * shortened at random by up to the policy's jitter; or, when the server asked for a longer one,
   * the server's, lengthened at random by up to the jitter. A server's delay is never cut short,
   * does not stop the backoff from growing (a {@code retry: 0} makes no tight loop), and does not
   * bring every client back in the same millisecond.
   *
   * @return the delay
   */
  public Duration delay() {
    Duration computed = policy.baseDelay(Math.max(1, attempt));
    Duration hint = serverHint;
    double draw = random.nextDouble();
    if (hint != null && hint.compareTo(computed) >= 0) {
      return hint.plusMillis(Math.round((double) hint.toMillis() * policy.jitter() * draw));
    }
    Duration jittered = policy.jittered(computed, draw);
    // The jitter shortens the computed delay, but never below what the server asked for.
    return hint != null && jittered.compareTo(hint) < 0 ? hint : jittered;
  }
}
