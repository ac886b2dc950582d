package io.github.freshet.client;

import io.github.freshet.client.internal.Redaction;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a status other than 2xx (a 4xx or 5xx, or a 1xx, 3xx or non-standard
 * status that reached the client). One subclass per status family:
 *
 * <table>
 *   <caption>Status to exception</caption>
 *   <tr><th>status</th><th>exception</th></tr>
 *   <tr><td>400</td><td>{@link BadRequestException}</td></tr>
 *   <tr><td>401</td><td>{@link UnauthorizedException}</td></tr>
 *   <tr><td>403</td><td>{@link PermissionDeniedException}</td></tr>
 *   <tr><td>404</td><td>{@link NotFoundException}</td></tr>
 *   <tr><td>409</td><td>{@link ConflictException}</td></tr>
 *   <tr><td>422</td><td>{@link UnprocessableEntityException}</td></tr>
 *   <tr><td>429</td><td>{@link RateLimitException}</td></tr>
 *   <tr><td>500–599</td><td>{@link InternalServerException}</td></tr>
 *   <tr><td>any other</td><td>{@link UnexpectedStatusException}</td></tr>
 * </table>
 *
 * <p>Every one carries the {@link ErrorResponse}: status, headers, parsed error body, endpoint and
 * request id.
 */
public abstract class FreshetServiceException extends FreshetException {
  private static final long serialVersionUID = 1L;

  /** What the server answered. */
  @SuppressWarnings("serial") // ErrorResponse is a record of serializable values.
  private final ErrorResponse response;

  /**
   * Creates a service exception for a failed response.
   *
   * @param response what the server answered
   */
  protected FreshetServiceException(ErrorResponse response) {
    super(message(response), null);
    this.response = response;
  }

  /**
   * Returns the exception for a failed response's status: the table in this class's documentation.
   *
   * @param response what the server answered
   * @return the matching exception, not thrown
   */
  public static FreshetServiceException of(ErrorResponse response) {
    int status = response.statusCode();
    return switch (status) {
      case 400 -> new BadRequestException(response);
      case 401 -> new UnauthorizedException(response);
      case 403 -> new PermissionDeniedException(response);
      case 404 -> new NotFoundException(response);
      case 409 -> new ConflictException(response);
      case 422 -> new UnprocessableEntityException(response);
      case 429 -> new RateLimitException(response);
      default ->
          status >= 500 && status <= 599
              ? new InternalServerException(response)
              : new UnexpectedStatusException(response);
    };
  }

  private static String message(ErrorResponse response) {
    StringBuilder message =
        new StringBuilder()
            .append(response.statusCode())
            .append(" from ")
            .append(response.endpoint());
    // Exception messages end up in logs: redact what looks like a credential.
    String detail = Redaction.redact(response.error().describe(), null);
    if (!detail.isEmpty()) {
      message.append(": ").append(detail);
    }
    if (response.requestId() != null) {
      message.append(" (request id ").append(response.requestId()).append(')');
    }
    return message.toString();
  }

  /**
   * Returns everything the failed response said.
   *
   * @return the response
   */
  public ErrorResponse response() {
    return response;
  }

  /**
   * Returns the HTTP status code.
   *
   * @return the status code
   */
  public int statusCode() {
    return response.statusCode();
  }

  /**
   * Returns the response headers; names are case-insensitive.
   *
   * @return the headers, unmodifiable
   */
  public Map<String, List<String>> headers() {
    return response.headers();
  }

  /**
   * Returns the parsed error body.
   *
   * @return the error body
   */
  public ApiError error() {
    return response.error();
  }

  /**
   * Returns the {@code X-Request-Id} the call carried, or {@code null}.
   *
   * @return the request id, or {@code null}
   */
  public @Nullable String requestId() {
    return response.requestId();
  }
}
