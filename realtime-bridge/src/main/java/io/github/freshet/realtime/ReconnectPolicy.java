package io.github.freshet.realtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How the realtime bridge waits before reconnecting. Immutable; build with {@link #builder()}.
 *
 * <p>Attempt {@code n} (1 for the first reconnect) waits {@code min(maxDelay, initialDelay ·
 * multiplier^(n-1))}, shortened at random by up to {@code jitter} so that many clients do not
 * reconnect in step. The count starts again only after a connection stayed open for {@code
 * stableAfter}: a link that keeps dropping right after connecting keeps backing off. A delay the
 * server asks for (SSE {@code retry:}, at most a day) is the least the bridge waits from then on:
 * when it is longer than the computed delay, it is used, lengthened at random by up to {@code
 * jitter} (never shortened); the computed delay still grows past it, and its jitter never takes it
 * below the server's.
 *
 * <p>Defaults: 1 s, ×2, at most 30 s, jitter 0.5, stable after 60 s.
 */
public final class ReconnectPolicy {
  private static final ReconnectPolicy DEFAULTS = builder().build();

  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final Duration stableAfter;

  private ReconnectPolicy(Builder builder) {
    this.initialDelay = builder.initialDelay;
    this.multiplier = builder.multiplier;
    this.maxDelay = builder.maxDelay;
    this.jitter = builder.jitter;
    this.stableAfter = builder.stableAfter;
  }

  /**
   * Returns the default policy.
   *
   * @return the defaults
   */
  public static ReconnectPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the delay before the first reconnect, before jitter.
   *
   * @return the initial delay
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * Returns the growth factor per attempt.
   *
   * @return at least 1
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * Returns the longest delay, before jitter.
   *
   * @return the cap
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Returns the largest fraction a delay is shortened by at random.
   *
   * @return between 0 and 1
   */
  public double jitter() {
    return jitter;
  }

  /**
   * Returns how long a connection must stay open before the attempt count starts again.
   *
   * @return the stable period
   */
  public Duration stableAfter() {
    return stableAfter;
  }

  /**
   * Returns a base delay shortened by jitter.
   *
   * @param base the base delay: {@link #baseDelay(int)}
   * @param random a draw in {@code [0, 1)} deciding the jitter
   * @return the delay
   * @throws IllegalArgumentException if {@code random} is out of range
   */
  public Duration jittered(Duration base, double random) {
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    return Duration.ofMillis(Math.round((double) base.toMillis() * (1 - jitter * random)));
  }

  /**
   * Returns the computed base delay of an attempt, before jitter.
   *
   * @param attempt the attempt's number, 1 for the first reconnect
   * @return {@code min(maxDelay, initialDelay · multiplier^(attempt-1))}
   */
  public Duration baseDelay(int attempt) {
    double millis =
        (double) initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return Duration.ofMillis((long) Math.min(millis, (double) maxDelay.toMillis()));
  }

  /** Builds a {@link ReconnectPolicy}; every setter validates at once. */
  public static final class Builder {
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 2;
    private Duration maxDelay = Duration.ofSeconds(30);
    private double jitter = 0.5;
    private Duration stableAfter = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Sets the delay before the first reconnect.
     *
     * @param initialDelay positive
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = positive(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Sets the growth factor per attempt.
     *
     * @param multiplier at least 1
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "multiplier must be finite and at least 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Sets the longest delay.
     *
     * @param maxDelay positive
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = positive(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Sets the largest fraction a delay is shortened by at random.
     *
     * @param jitter between 0 and 1
     * @return this builder
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets how long a connection must stay open before the attempt count starts again.
     *
     * @param stableAfter positive
     * @return this builder
     */
    public Builder stableAfter(Duration stableAfter) {
      this.stableAfter = positive(stableAfter, "stableAfter");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if the initial delay exceeds the maximum
     */
    public ReconnectPolicy build() {
      if (initialDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException("initialDelay exceeds maxDelay");
      }
      return new ReconnectPolicy(this);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
      return duration;
    }
  }
}
