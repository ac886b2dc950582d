package io.github.freshet.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Status 429: too many requests. Carries the delay the server asked for in {@code Retry-After}, if
 * any. Retried by the {@link RetryPolicy} for eligible requests, honouring that delay up to {@link
 * RetryPolicy#maxRetryAfter()}.
 */
public class RateLimitException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public RateLimitException(ErrorResponse response) {
    super(response);
  }

  /**
   * Returns the delay the server asked for in {@code Retry-After} (seconds or an HTTP date), as
   * sent: not clamped to the retry policy's cap.
   *
   * @return the delay, or empty if the response had no valid {@code Retry-After}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(response().retryAfter());
  }
}
