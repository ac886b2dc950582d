package io.github.freshet.client;

/**
 * Status 401: the request carried no valid credentials, even after the token refresh hook ran (if
 * one is configured).
 */
public class UnauthorizedException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public UnauthorizedException(ErrorResponse response) {
    super(response);
  }
}
