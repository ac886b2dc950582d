package io.github.freshet.client;

/** Status 404: the resource does not exist. */
public class NotFoundException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public NotFoundException(ErrorResponse response) {
    super(response);
  }
}
