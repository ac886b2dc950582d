package io.github.freshet.client;

import org.jspecify.annotations.Nullable;

/**
 * The call was not sent: the token supplier given to {@link ApiClient.Builder#tokenSupplier} threw.
 * Not retried (asking again at once rarely helps, and the supplier owns its own retries). The
 * message names the supplier's exception class, never its message, which may quote a secret; the
 * cause is that exception.
 */
public class TokenUnavailableException extends FreshetException {
  private static final long serialVersionUID = 1L;

  /** The request id the call would have carried, or null. */
  private final @Nullable String requestId;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param requestId the {@code X-Request-Id} the call would have carried, or {@code null}
   * @param cause what the token supplier threw
   */
  public TokenUnavailableException(
      String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, cause);
    this.requestId = requestId;
  }

  /**
   * Returns the {@code X-Request-Id} the call would have carried, or {@code null}.
   *
   * @return the request id, or {@code null}
   */
  public @Nullable String requestId() {
    return requestId;
  }
}
