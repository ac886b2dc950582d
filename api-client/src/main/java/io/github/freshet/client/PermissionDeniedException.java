package io.github.freshet.client;

/** Status 403: the credentials are valid but do not allow this request. */
public class PermissionDeniedException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public PermissionDeniedException(ErrorResponse response) {
    super(response);
  }
}
