package io.github.freshet.client;

import org.jspecify.annotations.Nullable;

/**
 * The server answered with a success status, but its body was not of the declared shape: malformed
 * or truncated JSON, a missing required field, a value of the wrong type, or a body over the
 * client's size limit.
 *
 * <p>The message names the endpoint and the field (as a path such as {@code items[3].name}) and
 * carries a short excerpt of the body with anything that looks like a credential redacted. Never
 * retried: the same request would most likely get the same answer.
 */
public class FreshetInvalidDataException extends FreshetException {
  private static final long serialVersionUID = 1L;

  /** The endpoint that answered. */
  private final String endpoint;

  /** The offending field's path, or null. */
  private final @Nullable String field;

  /** A short, redacted excerpt of the body. */
  private final String excerpt;

  /** The call's request id, or null. */
  private final @Nullable String requestId;

  /**
   * Creates an invalid-data exception.
   *
   * @param endpoint the endpoint that answered, such as {@code GET /api/businesses/{id}}
   * @param field the path of the offending field, or {@code null} if the body as a whole is wrong
   * @param reason what is wrong with it
   * @param excerpt a short, redacted excerpt of the body
   * @param requestId the call's {@code X-Request-Id}, or {@code null}
   * @param cause the underlying parser failure, or {@code null}
   */
  public FreshetInvalidDataException(
      String endpoint,
      @Nullable String field,
      String reason,
      String excerpt,
      @Nullable String requestId,
      @Nullable Throwable cause) {
    super(message(endpoint, field, reason, excerpt), cause);
    this.endpoint = endpoint;
    this.field = field;
    this.excerpt = excerpt;
    this.requestId = requestId;
  }

  private static String message(
      String endpoint, @Nullable String field, String reason, String excerpt) {
    StringBuilder message = new StringBuilder("Invalid response from ").append(endpoint);
    if (field != null) {
      message.append(" at field '").append(field).append('\'');
    }
    message.append(": ").append(reason);
    if (!excerpt.isEmpty()) {
      message.append(" (body: ").append(excerpt).append(')');
    }
    return message.toString();
  }

  /**
   * Returns the endpoint that answered, such as {@code GET /api/businesses/{id}}.
   *
   * @return the endpoint
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns the path of the offending field, such as {@code items[3].name}, or {@code null} when
   * the body as a whole is wrong (empty, not JSON, too large).
   *
   * @return the field path, or {@code null}
   */
  public @Nullable String field() {
    return field;
  }

  /**
   * Returns a short excerpt of the body, with anything that looks like a credential redacted.
   *
   * @return the excerpt, possibly empty
   */
  public String excerpt() {
    return excerpt;
  }

  /**
   * Returns the call's {@code X-Request-Id}, or {@code null} if none was sent.
   *
   * @return the request id, or {@code null}
   */
  public @Nullable String requestId() {
    return requestId;
  }
}
