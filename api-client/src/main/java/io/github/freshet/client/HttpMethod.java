package io.github.freshet.client;

/** The HTTP methods that {@link ApiRequest} supports. */
public enum HttpMethod {
  /** Reads a resource; safe and idempotent. */
  GET(true, false),
  /** Reads a resource's headers; safe and idempotent. */
  HEAD(true, false),
  /** Creates or acts; retried only with an {@code Idempotency-Key}. */
  POST(false, true),
  /** Replaces a resource; idempotent. */
  PUT(true, true),
  /** Updates part of a resource; retried only with an {@code Idempotency-Key}. */
  PATCH(false, true),
  /** Deletes a resource; idempotent. */
  DELETE(true, false);

  private final boolean idempotent;
  private final boolean hasBody;

  HttpMethod(boolean idempotent, boolean hasBody) {
    this.idempotent = idempotent;
    this.hasBody = hasBody;
  }

  /**
   * Returns whether repeating a request with this method has the same effect as sending it once, so
   * that it may be retried without an {@code Idempotency-Key}.
   *
   * @return {@code true} for GET, HEAD, PUT and DELETE
   */
  public boolean isIdempotent() {
    return idempotent;
  }

  /**
   * Returns whether a request with this method carries a body (an empty one if none is given).
   *
   * @return {@code true} for POST, PUT and PATCH
   */
  public boolean hasBody() {
    return hasBody;
  }
}
