package io.github.freshet.client;

/**
 * A hook that obtains a new token after the server rejected the current one with status 401.
 *
 * <p>Called at most once per request attempt, and never concurrently: when several calls fail with
 * 401 at once, the first one refreshes and the others retry with the new token. After it returns,
 * the client asks its token supplier again and repeats the request once; a second 401 surfaces as
 * {@link UnauthorizedException}. If it throws, the 401 surfaces for the calls that waited on it; a
 * call sent later tries the refresh again. It runs on the thread of the failing call, under a lock
 * that every other call failing with 401 waits on, so keep it bounded (give its own HTTP call a
 * timeout), and never make it call through the same {@link ApiClient}: a 401 there would wait on
 * the lock it holds.
 */
@FunctionalInterface
public interface TokenRefresher {
  /** Obtains a new token, so that the client's token supplier returns it from now on. */
  void refresh();
}
