package io.github.freshet.client;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception that Freshet throws: all of them are unchecked.
 *
 * <p>Catch this type to handle any failure of a Freshet call; catch a subclass to handle one kind:
 * {@link FreshetServiceException} (the server answered with an error status), {@link
 * FreshetIoException} (the call did not complete, including {@link FreshetTimeoutException}), or
 * {@link FreshetInvalidDataException} (the server's answer was not of the declared shape).
 * Cancelling a call's future surfaces as the JDK's {@link
 * java.util.concurrent.CancellationException}, not as a Freshet exception.
 */
public class FreshetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message what went wrong, for a person to read
   * @param cause the underlying failure, or {@code null}
   */
  public FreshetException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
