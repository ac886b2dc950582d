package io.github.freshet.client;

/** Status 422: the request was well-formed but failed validation. */
public class UnprocessableEntityException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public UnprocessableEntityException(ErrorResponse response) {
    super(response);
  }
}
