package io.github.freshet.examples.server;

/** An error answer: the HTTP status and the {@code ErrorBody}'s code and message. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String text;

  HttpError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.text = message;
  }

  /** The {@code ErrorBody}'s message. */
  String text() {
    return text;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, "bad_request", message);
  }

  static HttpError unprocessable(String message) {
    return new HttpError(422, "unprocessable_entity", message);
  }

  static HttpError notFound(String what, String id) {
    return new HttpError(404, "not_found", "No " + what + " with id " + id);
  }

  static HttpError conflict(String code, String message) {
    return new HttpError(409, code, message);
  }
}
