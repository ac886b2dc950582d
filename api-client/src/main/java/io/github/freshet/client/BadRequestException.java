package io.github.freshet.client;

/** Status 400: the server rejected the request as malformed. */
public class BadRequestException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public BadRequestException(ErrorResponse response) {
    super(response);
  }
}
