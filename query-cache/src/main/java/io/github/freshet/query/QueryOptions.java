package io.github.freshet.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How to fetch and keep one query: its key, its fetch function, and timing. Immutable; build with
 * {@link #builder(QueryKey, QueryFunction)}. Settings left unset take the {@link QueryClient}'s
 * defaults.
 *
 * @param <T> the type of the data
 */
public final class QueryOptions<T> {
  private final QueryKey<T> key;
  private final QueryFunction<T> fetcher;
  private final @Nullable Duration staleTime;
  private final @Nullable Duration gcTime;
  private final @Nullable Integer retry;
  private final @Nullable RetryDelay retryDelay;
  private final Predicate<Throwable> retryIf;
  private final boolean enabled;
  private final @Nullable RefetchInterval<T> refetchInterval;
  private final @Nullable UnaryOperator<@Nullable T> placeholderData;
  private final @Nullable T initialData;
  private final @Nullable Instant initialDataUpdatedAt;

  private QueryOptions(Builder<T> builder) {
    this.key = builder.key;
    this.fetcher = builder.fetcher;
    this.staleTime = builder.staleTime;
    this.gcTime = builder.gcTime;
    this.retry = builder.retry;
    this.retryDelay = builder.retryDelay;
    this.retryIf = builder.retryIf;
    this.enabled = builder.enabled;
    this.refetchInterval = builder.refetchInterval;
    this.placeholderData = builder.placeholderData;
    this.initialData = builder.initialData;
    this.initialDataUpdatedAt = builder.initialDataUpdatedAt;
  }

  /**
   * Returns a builder for a query.
   *
   * @param key the key the data is cached under
   * @param fetcher the function that fetches it
   * @param <T> the type of the data
   * @return a new builder
   */
  public static <T> Builder<T> builder(QueryKey<T> key, QueryFunction<T> fetcher) {
    return new Builder<>(key, fetcher);
  }

  /**
   * Returns a builder that starts from these options.
   *
   * @return a new builder
   */
  public Builder<T> toBuilder() {
    Builder<T> builder = new Builder<>(key, fetcher);
    builder.staleTime = staleTime;
    builder.gcTime = gcTime;
    builder.retry = retry;
    builder.retryDelay = retryDelay;
    builder.retryIf = retryIf;
    builder.enabled = enabled;
    builder.refetchInterval = refetchInterval;
    builder.placeholderData = placeholderData;
    builder.initialData = initialData;
    builder.initialDataUpdatedAt = initialDataUpdatedAt;
    return builder;
  }

  /**
   * Returns the key.
   *
   * @return the key
   */
  public QueryKey<T> key() {
    return key;
  }

  /**
   * Returns the fetch function.
   *
   * @return the fetch function
   */
  public QueryFunction<T> fetcher() {
    return fetcher;
  }

  /**
   * Returns how long fetched data stays fresh, or {@code null} for the client's default.
   *
   * @return the stale time, or {@code null}
   */
  public @Nullable Duration staleTime() {
    return staleTime;
  }

  /**
   * Returns how long an unobserved entry stays cached, or {@code null} for the client's default.
   *
   * @return the gc time, or {@code null}
   */
  public @Nullable Duration gcTime() {
    return gcTime;
  }

  /**
   * Returns how many times a failed fetch is retried, or {@code null} for the client's default.
   *
   * @return the retry count, or {@code null}
   */
  public @Nullable Integer retry() {
    return retry;
  }

  /**
   * Returns the delay between retries, or {@code null} for the client's default.
   *
   * @return the retry delay, or {@code null}
   */
  public @Nullable RetryDelay retryDelay() {
    return retryDelay;
  }

  /**
   * Returns which errors are retried at all.
   *
   * @return the predicate; by default every error
   */
  public Predicate<Throwable> retryIf() {
    return retryIf;
  }

  /**
   * Returns whether observers fetch by themselves. A disabled query fetches only on an explicit
   * {@link QueryObserver#refetch()} (dependent queries: enable it once what it depends on is
   * loaded).
   *
   * @return {@code true} unless disabled
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns the polling interval of observers, or {@code null} for none.
   *
   * @return the interval function, or {@code null}
   */
  public @Nullable RefetchInterval<T> refetchInterval() {
    return refetchInterval;
  }

  /**
   * Returns what observers show while the entry has no data, computed from the data the observer
   * showed before (on its previous key), or {@code null} for nothing.
   *
   * @return the placeholder function, or {@code null}
   */
  public @Nullable UnaryOperator<@Nullable T> placeholderData() {
    return placeholderData;
  }

  /**
   * Returns the data an entry starts with when it is created by these options, or {@code null}.
   *
   * @return the initial data, or {@code null}
   */
  public @Nullable T initialData() {
    return initialData;
  }

  /**
   * Returns when the initial data was current, or {@code null} for "when the entry is created".
   *
   * @return the instant, or {@code null}
   */
  public @Nullable Instant initialDataUpdatedAt() {
    return initialDataUpdatedAt;
  }

  @Override
  public String toString() {
    return "QueryOptions{key=" + key + ", enabled=" + enabled + '}';
  }

  /**
   * Builds {@link QueryOptions}; every setter validates its argument at once.
   *
   * @param <T> the type of the data
   */
  public static final class Builder<T> {
    private final QueryKey<T> key;
    private final QueryFunction<T> fetcher;
    private @Nullable Duration staleTime;
    private @Nullable Duration gcTime;
    private @Nullable Integer retry;
    private @Nullable RetryDelay retryDelay;
    private Predicate<Throwable> retryIf = error -> true;
    private boolean enabled = true;
    private @Nullable RefetchInterval<T> refetchInterval;
    private @Nullable UnaryOperator<@Nullable T> placeholderData;
    private @Nullable T initialData;
    private @Nullable Instant initialDataUpdatedAt;

    private Builder(QueryKey<T> key, QueryFunction<T> fetcher) {
      this.key = Objects.requireNonNull(key, "key");
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /**
     * Sets how long fetched data stays fresh: while fresh, observers and {@code fetchQuery} use it
     * without fetching. Zero (the default) means always stale.
     *
     * @param staleTime not negative; a very long duration means never stale
     * @return this builder
     */
    public Builder<T> staleTime(Duration staleTime) {
      this.staleTime = nonNegative(staleTime, "staleTime");
      return this;
    }

    /**
     * Sets how long an entry stays cached once it has no observer and no fetch running. An entry
     * keeps the longest gc time any of its options asked for.
     *
     * @param gcTime not negative; a very long duration means never collected
     * @return this builder
     */
    public Builder<T> gcTime(Duration gcTime) {
      this.gcTime = nonNegative(gcTime, "gcTime");
      return this;
    }

    /**
     * Sets how many times a failed fetch is retried before the query goes to error.
     *
     * @param retry 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder<T> retry(int retry) {
      if (retry < 0) {
        throw new IllegalArgumentException("retry must not be negative: " + retry);
      }
      this.retry = retry;
      return this;
    }

    /**
     * Sets the delay between retries.
     *
     * @param retryDelay the delay function
     * @return this builder
     */
    public Builder<T> retryDelay(RetryDelay retryDelay) {
      this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
      return this;
    }

    /**
     * Sets which errors are retried at all; others fail the fetch at once (a 404, say).
     *
     * @param retryIf the predicate
     * @return this builder
     */
    public Builder<T> retryIf(Predicate<Throwable> retryIf) {
      this.retryIf = Objects.requireNonNull(retryIf, "retryIf");
      return this;
    }

    /**
     * Sets whether observers fetch by themselves.
     *
     * @param enabled {@code false} for a query that waits (for example for the data it depends on)
     * @return this builder
     */
    public Builder<T> enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Makes observers poll at a fixed interval.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder<T> refetchInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive: " + interval);
      }
      this.refetchInterval = state -> interval;
      return this;
    }

    /**
     * Makes observers poll at an interval computed from the latest state, which may stop polling.
     *
     * @param interval the interval function
     * @return this builder
     */
    public Builder<T> refetchInterval(RefetchInterval<T> interval) {
      this.refetchInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Shows a fixed placeholder while the entry has no data.
     *
     * @param placeholder the placeholder; never written to the cache
     * @return this builder
     */
    public Builder<T> placeholderData(T placeholder) {
      Objects.requireNonNull(placeholder, "placeholder");
      this.placeholderData = previous -> placeholder;
      return this;
    }

    /**
     * Shows a placeholder computed from the observer's previous data while the entry has no data;
     * {@code previous -> previous} keeps the previous page on screen while the next loads.
     *
     * @param placeholder the function of the previous data (null if none) to a placeholder (null
     *     for none)
     * @return this builder
     */
    public Builder<T> placeholderData(UnaryOperator<@Nullable T> placeholder) {
      this.placeholderData = Objects.requireNonNull(placeholder, "placeholder");
      return this;
    }

    /**
     * Keeps showing the previous key's data while a new key loads: {@code placeholderData(previous
     * -> previous)}.
     *
     * @return this builder
     */
    public Builder<T> keepPreviousData() {
      return placeholderData(previous -> previous);
    }

    /**
     * Sets the data a new entry starts with, as of its creation.
     *
     * @param initialData the data, written to the cache
     * @return this builder
     */
    public Builder<T> initialData(T initialData) {
      this.initialData = Objects.requireNonNull(initialData, "initialData");
      return this;
    }

    /**
     * Sets the data a new entry starts with, and when it was current (so that it is stale or fresh
     * accordingly).
     *
     * @param initialData the data, written to the cache
     * @param updatedAt when it was current
     * @return this builder
     */
    public Builder<T> initialData(T initialData, Instant updatedAt) {
      this.initialData = Objects.requireNonNull(initialData, "initialData");
      this.initialDataUpdatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public QueryOptions<T> build() {
      return new QueryOptions<>(this);
    }

    private static Duration nonNegative(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + duration);
      }
      return duration;
    }
  }
}
