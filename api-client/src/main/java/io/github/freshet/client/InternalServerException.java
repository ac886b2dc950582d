package io.github.freshet.client;

/**
 * Statuses 500 to 599: the server failed. Retried by the {@link RetryPolicy} for eligible requests.
 */
public class InternalServerException extends FreshetServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed response.
   *
   * @param response what the server answered
   */
  public InternalServerException(ErrorResponse response) {
    super(response);
  }
}
