package io.github.freshet.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one cache entry's state. Immutable: every change makes a new state.
 *
 * @param data the cached data, or {@code null} if there is none yet
 * @param dataUpdatedAt when the data was last written, or {@code null} if there is none
 * @param dataUpdateCount how many times data was written (fetches and manual writes)
 * @param error the error of the last failed fetch, or {@code null}
 * @param errorUpdatedAt when the last fetch failed, or {@code null}
 * @param status whether there is data, an error, or neither yet
 * @param fetchStatus whether a fetch is running, paused, or not
 * @param failureCount how many attempts of the current (or last) fetch failed
 * @param failureReason the error of the last failed attempt, or {@code null}
 * @param invalidated whether the data was marked stale by an invalidation or a failed fetch
 * @param <T> the type of the data
 */
public record QueryState<T>(
    @Nullable T data,
    @Nullable Instant dataUpdatedAt,
    int dataUpdateCount,
    @Nullable Throwable error,
    @Nullable Instant errorUpdatedAt,
    QueryStatus status,
    FetchStatus fetchStatus,
    int failureCount,
    @Nullable Throwable failureReason,
    boolean invalidated) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if a status is null
   */
  public QueryState {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(fetchStatus, "fetchStatus");
  }

  /**
   * Returns the state of an entry that has never been fetched or written.
   *
   * @param <T> the type of the data
   * @return a pending, idle state without data
   */
  public static <T> QueryState<T> initial() {
    return new QueryState<>(
        null, null, 0, null, null, QueryStatus.PENDING, FetchStatus.IDLE, 0, null, false);
  }

  /**
   * Returns whether data is present.
   *
   * @return {@code true} if {@link #data()} is not null
   */
  public boolean hasData() {
    return data != null;
  }

  /**
   * Returns whether the data is stale for a stale time at an instant: no data, invalidated, or
   * older than {@code staleTime}.
   *
   * @param staleTime how long data stays fresh
   * @param now the current instant
   * @return {@code true} if a fetch would bring newer data
   */
  public boolean isStale(Duration staleTime, Instant now) {
    if (data == null || dataUpdatedAt == null || invalidated) {
      return true;
    }
    return Duration.between(dataUpdatedAt, now).compareTo(staleTime) >= 0;
  }

  QueryState<T> withData(T newData) {
    return new QueryState<>(
        newData,
        dataUpdatedAt,
        dataUpdateCount,
        error,
        errorUpdatedAt,
        status,
        fetchStatus,
        failureCount,
        failureReason,
        invalidated);
  }

  QueryState<T> withFetchStatus(FetchStatus fetchStatus) {
    return new QueryState<>(
        data,
        dataUpdatedAt,
        dataUpdateCount,
        error,
        errorUpdatedAt,
        status,
        fetchStatus,
        failureCount,
        failureReason,
        invalidated);
  }

  QueryState<T> fetching(FetchStatus fetchStatus) {
    return new QueryState<>(
        data,
        dataUpdatedAt,
        dataUpdateCount,
        data == null ? null : error,
        errorUpdatedAt,
        data == null ? QueryStatus.PENDING : status,
        fetchStatus,
        0,
        null,
        invalidated);
  }

  QueryState<T> failedAttempt(Throwable reason) {
    return new QueryState<>(
        data,
        dataUpdatedAt,
        dataUpdateCount,
        error,
        errorUpdatedAt,
        status,
        fetchStatus,
        failureCount + 1,
        reason,
        invalidated);
  }

  QueryState<T> succeeded(T newData, Instant at, boolean manual) {
    return new QueryState<>(
        newData,
        at,
        dataUpdateCount + 1,
        null,
        errorUpdatedAt,
        QueryStatus.SUCCESS,
        manual ? fetchStatus : FetchStatus.IDLE,
        manual ? failureCount : 0,
        manual ? failureReason : null,
        false);
  }

  QueryState<T> failed(Throwable newError, Instant at) {
    return new QueryState<>(
        data,
        dataUpdatedAt,
        dataUpdateCount,
        newError,
        at,
        QueryStatus.ERROR,
        FetchStatus.IDLE,
        failureCount + 1,
        newError,
        true);
  }

  QueryState<T> invalidate() {
    return invalidated
        ? this
        : new QueryState<>(
            data,
            dataUpdatedAt,
            dataUpdateCount,
            error,
            errorUpdatedAt,
            status,
            fetchStatus,
            failureCount,
            failureReason,
            true);
  }
}
