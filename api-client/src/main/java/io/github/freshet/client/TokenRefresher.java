package io.github.freshet.client;

/**
 * A hook that obtains a new token after the server rejected the current one with status 401.
 *
 * <p>Called at most once per request attempt, and never concurrently: when several calls fail with
 * 401 at once, the first one refreshes and the others retry with the new token. After it returns,
 * the client asks its token supplier again and repeats the request once; a second 401 surfaces as
 * {@link UnauthorizedException}. If it throws, the first 401 surfaces. It runs on the thread of the
 * failing call and may block.
 */
@FunctionalInterface
public interface TokenRefresher {
  /** Obtains a new token, so that the client's token supplier returns it from now on. */
  void refresh();
}
