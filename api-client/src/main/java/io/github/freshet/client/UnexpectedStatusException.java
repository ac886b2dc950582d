package io.github.freshet.client;

/**
 * An error status with no dedicated exception (4xx other than 400, 401, 403, 404, 409, 422, 429).
 */
public class UnexpectedStatusException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public UnexpectedStatusException(ErrorResponse response) {
    super(response);
  }
}
