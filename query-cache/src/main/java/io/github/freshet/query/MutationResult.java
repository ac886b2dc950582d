package io.github.freshet.query;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MutationObserver} shows of its latest mutation. Immutable.
 *
 * @param status where the mutation stands
 * @param variables what it was called with, or {@code null} while idle
 * @param data what the mutation function returned, or {@code null}
 * @param error why it failed, or {@code null}
 * @param failureCount how many attempts failed
 * @param failureReason the error of the last failed attempt, or {@code null}
 * @param paused whether it waits for the client to come online, or for an earlier mutation of its
 *     scope
 * @param submittedAt when it started, or {@code null} while idle
 * @param <V> the variables' type
 * @param <R> the result's type
 */
public record MutationResult<V, R>(
    MutationStatus status,
    @Nullable V variables,
    @Nullable R data,
    @Nullable Throwable error,
    int failureCount,
    @Nullable Throwable failureReason,
    boolean paused,
    @Nullable Instant submittedAt) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if the status is null
   */
  public MutationResult {
    Objects.requireNonNull(status, "status");
  }

  /**
   * Returns the result of a mutation that has not started.
   *
   * @param <V> the variables' type
   * @param <R> the result's type
   * @return an idle result
   */
  public static <V, R> MutationResult<V, R> idle() {
    return new MutationResult<>(MutationStatus.IDLE, null, null, null, 0, null, false, null);
  }

  /**
   * Returns whether the mutation is running, retrying or paused.
   *
   * @return {@code true} while pending
   */
  public boolean isPending() {
    return status == MutationStatus.PENDING;
  }
}
