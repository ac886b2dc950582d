package io.github.freshet.client;

/** Status 409: the request conflicts with the resource's current state. */
public class ConflictException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public ConflictException(ErrorResponse response) {
    super(response);
  }
}
