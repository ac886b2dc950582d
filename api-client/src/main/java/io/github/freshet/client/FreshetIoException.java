package io.github.freshet.client;

import org.jspecify.annotations.Nullable;

/**
 * A call that did not complete: the connection failed, was reset, or the calling thread was
 * interrupted. No response status is known.
 *
 * <p>Retried by the {@link RetryPolicy} for every request that is eligible for retries.
 */
public class FreshetIoException extends FreshetException {
  private static final long serialVersionUID = 1L;

  /** The failed call's request id, or null. */
  private final @Nullable String requestId;

  /**
   * Creates an I/O exception.
   *
   * @param message what went wrong
   * @param requestId the {@code X-Request-Id} of the failed call, or {@code null} if none was sent
   * @param cause the underlying failure, or {@code null}
   */
  public FreshetIoException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, cause);
    this.requestId = requestId;
  }

  /**
   * Returns the {@code X-Request-Id} that the failed call carried, or {@code null} if none was
   * sent.
   *
   * @return the request id, or {@code null}
   */
  public @Nullable String requestId() {
    return requestId;
  }
}
