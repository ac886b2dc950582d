package io.github.freshet.client;

import io.github.freshet.client.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When and how often {@link ApiClient} repeats a failed call. Immutable; build one with {@link
 * #builder()}.
 *
 * <p>Which calls: GET, HEAD, PUT and DELETE always; POST and PATCH only when the request carries an
 * {@code Idempotency-Key} (see {@link ApiRequest.Builder#idempotencyKey()}), since repeating them
 * otherwise could act twice. Which failures: I/O errors and timeouts, and statuses 408, 429 and
 * 500–599.
 *
 * <p>How long between attempts: retry {@code n} (1 for the first retry) waits {@code min(maxDelay,
 * initialDelay · multiplier^(n-1))}, shortened by a random fraction of up to {@code jitter} so that
 * many clients do not retry in step. When the response carries {@code Retry-After} (seconds or an
 * HTTP date), that delay is used instead, but never more than {@link #maxRetryAfter()}.
 *
 * <p>Defaults: 3 attempts in all, 500 ms initial delay, multiplier 2, at most 8 s between attempts,
 * jitter 0.25, {@code Retry-After} honoured up to 60 s.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialDelay = builder.initialDelay;
    this.multiplier = builder.multiplier;
    this.maxDelay = builder.maxDelay;
    this.jitter = builder.jitter;
    this.maxRetryAfter = builder.maxRetryAfter;
  }

  /**
   * Returns the default policy described in this class's documentation.
   *
   * @return the default policy
   */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never retries.
   *
   * @return a policy with one attempt
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Returns a builder that starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this policy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialDelay(initialDelay)
        .multiplier(multiplier)
        .maxDelay(maxDelay)
        .jitter(jitter)
        .maxRetryAfter(maxRetryAfter);
  }

  /**
   * Returns how many attempts a call makes at most, the first one included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the delay before the first retry, before jitter.
   *
   * @return the initial delay
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * Returns the factor by which the delay grows from one retry to the next.
   *
   * @return at least 1
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * Returns the longest delay between attempts that the backoff computes.
   *
   * @return the maximum backoff delay
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Returns the largest fraction by which a backoff delay is shortened at random.
   *
   * @return between 0 (no jitter) and 1
   */
  public double jitter() {
    return jitter;
  }

  /**
   * Returns the longest {@code Retry-After} delay that is honoured; a longer one is clamped to it.
   *
   * @return the cap
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns the backoff delay before retry {@code retry}, for a random draw in {@code [0, 1)}.
   *
   * @param retry the retry's number, 1 for the first retry
   * @param random a value in {@code [0, 1)} that decides the jitter
   * @return the delay
   * @throws IllegalArgumentException if {@code retry} is less than 1 or {@code random} is out of
   *     range
   */
  public Duration backoff(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1: " + retry);
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    double base = (double) initialDelay.toMillis() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(base, (double) maxDelay.toMillis());
    return Duration.ofMillis(Math.round(capped * (1 - jitter * random)));
  }

  /**
   * Returns the delay to honour for a server's {@code Retry-After}: the requested delay, clamped to
   * {@code [0, maxRetryAfter]}.
   *
   * @param requested the delay the server asked for
   * @return the delay to wait
   */
  public Duration clampRetryAfter(Duration requested) {
    if (requested.isNegative()) {
      return Duration.ZERO;
    }
    return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RetryPolicy that
        && maxAttempts == that.maxAttempts
        && initialDelay.equals(that.initialDelay)
        && multiplier == that.multiplier
        && maxDelay.equals(that.maxDelay)
        && jitter == that.jitter
        && maxRetryAfter.equals(that.maxRetryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialDelay, multiplier, maxDelay, jitter, maxRetryAfter);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", multiplier="
        + multiplier
        + ", maxDelay="
        + maxDelay
        + ", jitter="
        + jitter
        + ", maxRetryAfter="
        + maxRetryAfter
        + '}';
  }

  /** Builds a {@link RetryPolicy}; every setter validates its argument at once. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofMillis(500);
    private double multiplier = 2;
    private Duration maxDelay = Duration.ofSeconds(8);
    private double jitter = 0.25;
    private Duration maxRetryAfter = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Sets how many attempts a call makes at most, the first one included.
     *
     * @param maxAttempts at least 1; 1 disables retries
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the delay before the first retry.
     *
     * @param initialDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code initialDelay} is negative
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Checks.nonNegative(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Sets the factor by which the delay grows from one retry to the next.
     *
     * @param multiplier at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is less than 1 or not finite
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
     * Sets the longest delay between attempts that the backoff computes.
     *
     * @param maxDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code maxDelay} is negative
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Checks.nonNegative(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Sets the largest fraction by which a backoff delay is shortened at random.
     *
     * @param jitter between 0 and 1
     * @return this builder
     * @throws IllegalArgumentException if {@code jitter} is out of range
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} delay that is honoured.
     *
     * @param maxRetryAfter not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Checks.nonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if {@code initialDelay} exceeds {@code maxDelay}
     */
    public RetryPolicy build() {
      if (initialDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException(
            "initialDelay " + initialDelay + " exceeds maxDelay " + maxDelay);
      }
      return new RetryPolicy(this);
    }
  }
}
