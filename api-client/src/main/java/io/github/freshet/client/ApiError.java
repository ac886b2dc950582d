package io.github.freshet.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The error body of a failed response: the server's {@code {"error": {"code", "message"}}}, or the
 * raw text when the body is not of that shape (an HTML error page from a proxy, say).
 *
 * @param code the machine-readable error code, such as {@code business_not_found}, or {@code null}
 * @param message the server's message for a person, or {@code null}
 * @param rawBody the body as text (at most 8 KiB of it), possibly empty
 */
public record ApiError(@Nullable String code, @Nullable String message, String rawBody) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code rawBody} is null
   */
  public ApiError {
    Objects.requireNonNull(rawBody, "rawBody");
  }

  /**
   * Returns whether the server sent a structured error (a code or a message).
   *
   * @return {@code true} if {@link #code()} or {@link #message()} is present
   */
  public boolean isStructured() {
    return code != null || message != null;
  }

  /**
   * Returns a one-line description: {@code code: message}, the message alone, or a short prefix of
   * the raw body.
   *
   * @return the description, possibly empty
   */
  public String describe() {
    if (code != null && message != null) {
      return code + ": " + message;
    }
    if (message != null) {
      return message;
    }
    if (code != null) {
      return code;
    }
    String oneLine = rawBody.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
  }
}
