package io.github.freshet.client;

import org.jspecify.annotations.Nullable;

/**
 * A call that ran out of time: the connect, read or call timeout of {@link ApiClient.Builder} was
 * reached. A subclass of {@link FreshetIoException}, so code that handles I/O failures handles
 * timeouts too.
 */
public class FreshetTimeoutException extends FreshetIoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a timeout exception.
   *
   * @param message what timed out
   * @param requestId the {@code X-Request-Id} of the call, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public FreshetTimeoutException(
      String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }
}
