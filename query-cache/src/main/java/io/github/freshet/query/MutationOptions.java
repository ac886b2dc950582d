package io.github.freshet.query;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to run one kind of mutation: the function, the lifecycle callbacks, retries and scope.
 * Immutable; build with {@link #builder(MutationFunction)}.
 *
 * <p>Lifecycle of one {@link MutationObserver#mutate mutate(variables)} call:
 *
 * <ol>
 *   <li>{@code onMutate(variables, optimistic)} runs at once, on the calling thread, even when the
 *       mutation then waits (offline, or behind an earlier mutation of its scope); it applies
 *       optimistic changes and returns a context (or {@code null}).
 *   <li>The mutation function runs, with retries, when the client is online and its scope is free.
 *   <li>On success: {@code onSuccess(data, variables, context)}, then {@code onSettled(data, null,
 *       variables, context)}; the entries changed optimistically are invalidated.
 *   <li>On failure: the optimistic layers are removed first, then {@code onError(error, variables,
 *       context)}, then {@code onSettled(null, error, variables, context)}.
 * </ol>
 *
 * <p>Steps 3 and 4 run on the thread that completed the mutation function's stage. A callback that
 * throws is logged; the mutation's outcome stays what the function decided.
 *
 * @param <V> the variables' type
 * @param <R> the result's type
 * @param <C> the type of the context that {@code onMutate} returns
 */
public final class MutationOptions<V, R, C> {
  private final MutationFunction<V, R> function;
  private final @Nullable OnMutate<V, C> onMutate;
  private final @Nullable OnSuccess<V, R, C> onSuccess;
  private final @Nullable OnError<V, C> onError;
  private final @Nullable OnSettled<V, R, C> onSettled;
  private final @Nullable Integer retry;
  private final @Nullable RetryDelay retryDelay;
  private final @Nullable String scope;
  private final @Nullable QueryKey<?> mutationKey;

  private MutationOptions(Builder<V, R, C> builder) {
    this.function = builder.function;
    this.onMutate = builder.onMutate;
    this.onSuccess = builder.onSuccess;
    this.onError = builder.onError;
    this.onSettled = builder.onSettled;
    this.retry = builder.retry;
    this.retryDelay = builder.retryDelay;
    this.scope = builder.scope;
    this.mutationKey = builder.mutationKey;
  }

  /**
   * Returns a builder for a mutation.
   *
   * @param function the mutation function
   * @param <V> the variables' type
   * @param <R> the result's type
   * @param <C> the context's type
   * @return a new builder
   */
  public static <V, R, C> Builder<V, R, C> builder(MutationFunction<V, R> function) {
    return new Builder<>(function);
  }

  /**
   * Returns the mutation function.
   *
   * @return the function
   */
  public MutationFunction<V, R> function() {
    return function;
  }

  /**
   * Returns the callback that runs first, or {@code null}.
   *
   * @return the callback, or {@code null}
   */
  public @Nullable OnMutate<V, C> onMutate() {
    return onMutate;
  }

  /**
   * Returns the callback that runs on success, or {@code null}.
   *
   * @return the callback, or {@code null}
   */
  public @Nullable OnSuccess<V, R, C> onSuccess() {
    return onSuccess;
  }

  /**
   * Returns the callback that runs on failure, or {@code null}.
   *
   * @return the callback, or {@code null}
   */
  public @Nullable OnError<V, C> onError() {
    return onError;
  }

  /**
   * Returns the callback that runs last, or {@code null}.
   *
   * @return the callback, or {@code null}
   */
  public @Nullable OnSettled<V, R, C> onSettled() {
    return onSettled;
  }

  /**
   * Returns how many times a failed attempt is retried, or {@code null} for the client's default
   * (0).
   *
   * @return the retry count, or {@code null}
   */
  public @Nullable Integer retry() {
    return retry;
  }

  /**
   * Returns the delay between retries, or {@code null} for the client's default.
   *
   * @return the delay, or {@code null}
   */
  public @Nullable RetryDelay retryDelay() {
    return retryDelay;
  }

  /**
   * Returns the scope: mutations of one scope run one after another. {@code null} for none.
   *
   * @return the scope id, or {@code null}
   */
  public @Nullable String scope() {
    return scope;
  }

  /**
   * Returns the key that {@link QueryClient#isMutating(QueryKey)} matches, or {@code null}.
   *
   * @return the mutation key, or {@code null}
   */
  public @Nullable QueryKey<?> mutationKey() {
    return mutationKey;
  }

  /**
   * Applies optimistic changes before the mutation runs.
   *
   * @param <V> the variables' type
   * @param <C> the context's type
   */
  @FunctionalInterface
  public interface OnMutate<V, C> {
    /**
     * Runs first.
     *
     * @param variables what the mutation was called with
     * @param optimistic applies optimistic layers that belong to this mutation
     * @return a context handed to the later callbacks, or {@code null}
     */
    @Nullable C onMutate(V variables, Optimistic optimistic);
  }

  /**
   * Runs when the mutation function succeeded.
   *
   * @param <V> the variables' type
   * @param <R> the result's type
   * @param <C> the context's type
   */
  @FunctionalInterface
  public interface OnSuccess<V, R, C> {
    /**
     * Runs on success.
     *
     * @param data what the function returned
     * @param variables what the mutation was called with
     * @param context what {@code onMutate} returned, or {@code null}
     */
    void onSuccess(R data, V variables, @Nullable C context);
  }

  /**
   * Runs when the mutation function failed, after the optimistic layers were removed.
   *
   * @param <V> the variables' type
   * @param <C> the context's type
   */
  @FunctionalInterface
  public interface OnError<V, C> {
    /**
     * Runs on failure.
     *
     * @param error the last attempt's error
     * @param variables what the mutation was called with
     * @param context what {@code onMutate} returned, or {@code null}
     */
    void onError(Throwable error, V variables, @Nullable C context);
  }

  /**
   * Runs last, whatever the outcome.
   *
   * @param <V> the variables' type
   * @param <R> the result's type
   * @param <C> the context's type
   */
  @FunctionalInterface
  public interface OnSettled<V, R, C> {
    /**
     * Runs last.
     *
     * @param data what the function returned, or {@code null} on failure
     * @param error the error, or {@code null} on success
     * @param variables what the mutation was called with
     * @param context what {@code onMutate} returned, or {@code null}
     */
    void onSettled(@Nullable R data, @Nullable Throwable error, V variables, @Nullable C context);
  }

  /**
   * Builds {@link MutationOptions}.
   *
   * @param <V> the variables' type
   * @param <R> the result's type
   * @param <C> the context's type
   */
  public static final class Builder<V, R, C> {
    private final MutationFunction<V, R> function;
    private @Nullable OnMutate<V, C> onMutate;
    private @Nullable OnSuccess<V, R, C> onSuccess;
    private @Nullable OnError<V, C> onError;
    private @Nullable OnSettled<V, R, C> onSettled;
    private @Nullable Integer retry;
    private @Nullable RetryDelay retryDelay;
    private @Nullable String scope;
    private @Nullable QueryKey<?> mutationKey;

    private Builder(MutationFunction<V, R> function) {
      this.function = Objects.requireNonNull(function, "function");
    }

    /**
     * Sets the callback that runs first and applies optimistic changes.
     *
     * @param onMutate the callback
     * @return this builder
     */
    public Builder<V, R, C> onMutate(OnMutate<V, C> onMutate) {
      this.onMutate = Objects.requireNonNull(onMutate, "onMutate");
      return this;
    }

    /**
     * Sets the callback that runs on success.
     *
     * @param onSuccess the callback
     * @return this builder
     */
    public Builder<V, R, C> onSuccess(OnSuccess<V, R, C> onSuccess) {
      this.onSuccess = Objects.requireNonNull(onSuccess, "onSuccess");
      return this;
    }

    /**
     * Sets the callback that runs on failure.
     *
     * @param onError the callback
     * @return this builder
     */
    public Builder<V, R, C> onError(OnError<V, C> onError) {
      this.onError = Objects.requireNonNull(onError, "onError");
      return this;
    }

    /**
     * Sets the callback that runs last.
     *
     * @param onSettled the callback
     * @return this builder
     */
    public Builder<V, R, C> onSettled(OnSettled<V, R, C> onSettled) {
      this.onSettled = Objects.requireNonNull(onSettled, "onSettled");
      return this;
    }

    /**
     * Sets how many times a failed attempt is retried. Default 0: a mutation may not be safe to
     * repeat.
     *
     * @param retry 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder<V, R, C> retry(int retry) {
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
    public Builder<V, R, C> retryDelay(RetryDelay retryDelay) {
      this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
      return this;
    }

    /**
     * Sets the scope: mutations of one scope run one after another, in the order they started.
     *
     * @param scope the scope id
     * @return this builder
     */
    public Builder<V, R, C> scope(String scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Sets the key that {@link QueryClient#isMutating(QueryKey)} matches by prefix.
     *
     * @param mutationKey the key
     * @return this builder
     */
    public Builder<V, R, C> mutationKey(QueryKey<?> mutationKey) {
      this.mutationKey = Objects.requireNonNull(mutationKey, "mutationKey");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public MutationOptions<V, R, C> build() {
      return new MutationOptions<>(this);
    }
  }
}
