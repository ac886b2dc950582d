package io.github.freshet.query;

import java.util.concurrent.CompletionStage;

/**
 * Fetches the data of one query: typically one call of the API client, such as {@code ctx ->
 * ctx.link(leads.businesses().retrieveAsync(id))}.
 *
 * <p>Called on the thread that starts the fetch (an observer subscribing, a timer, a refetch), so
 * it should not block: return a stage that completes later. Throwing counts as a failed attempt.
 * Called once per attempt; {@link QueryContext#attempt()} says which.
 *
 * @param <T> the type of the data
 */
@FunctionalInterface
public interface QueryFunction<T> {
  /**
   * Starts fetching.
   *
   * @param context the key, the attempt and the cancellation signal
   * @return the data's stage; completing it with {@code null} is an error
   * @throws Exception to fail the attempt
   */
  CompletionStage<T> fetch(QueryContext<T> context) throws Exception;
}
