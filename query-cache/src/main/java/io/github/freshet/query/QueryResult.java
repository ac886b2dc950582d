package io.github.freshet.query;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link QueryObserver} shows: its entry's state as seen through its options (staleness,
 * placeholder data). Immutable; observers deliver a new one only when a component changed.
 *
 * @param key the key the observer is on
 * @param status whether there is data, an error, or neither yet ({@code SUCCESS} while showing
 *     placeholder data)
 * @param fetchStatus whether a fetch is running, paused, or not
 * @param data the data, the placeholder, or {@code null}
 * @param error the error of the last failed fetch, or {@code null}
 * @param dataUpdatedAt when the data was last written, or {@code null}
 * @param errorUpdatedAt when the last fetch failed, or {@code null}
 * @param stale whether the data is stale by the observer's stale time (never while disabled)
 * @param placeholder whether {@code data} is placeholder data, not the entry's
 * @param failureCount how many attempts of the current (or last) fetch failed
 * @param failureReason the error of the last failed attempt, or {@code null}
 * @param <T> the type of the data
 */
public record QueryResult<T>(
    QueryKey<T> key,
    QueryStatus status,
    FetchStatus fetchStatus,
    @Nullable T data,
    @Nullable Throwable error,
    @Nullable Instant dataUpdatedAt,
    @Nullable Instant errorUpdatedAt,
    boolean stale,
    boolean placeholder,
    int failureCount,
    @Nullable Throwable failureReason) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if the key or a status is null
   */
  public QueryResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(fetchStatus, "fetchStatus");
  }

  /**
   * Returns whether a fetch is running.
   *
   * @return {@code true} if {@code fetchStatus} is {@code FETCHING}
   */
  public boolean isFetching() {
    return fetchStatus == FetchStatus.FETCHING;
  }

  /**
   * Returns whether the observer waits for its first data: pending and fetching.
   *
   * @return {@code true} while the first load runs
   */
  public boolean isLoading() {
    return status == QueryStatus.PENDING && fetchStatus == FetchStatus.FETCHING;
  }

  /**
   * Returns whether the last fetch succeeded.
   *
   * @return {@code true} if {@code status} is {@code SUCCESS}
   */
  public boolean isSuccess() {
    return status == QueryStatus.SUCCESS;
  }

  /**
   * Returns whether the last fetch failed.
   *
   * @return {@code true} if {@code status} is {@code ERROR}
   */
  public boolean isError() {
    return status == QueryStatus.ERROR;
  }
}
