package io.github.freshet.query;

import java.util.concurrent.CompletionStage;

/**
 * Performs a mutation on the server: typically one API client call, such as {@code id ->
 * leads.enrichment().enrichAsync(id)}. Should not block: return a stage that completes later.
 * Throwing counts as a failed attempt.
 *
 * @param <V> the variables' type
 * @param <R> the result's type
 */
@FunctionalInterface
public interface MutationFunction<V, R> {
  /**
   * Starts the mutation.
   *
   * @param variables what to change
   * @return the server's answer
   * @throws Exception to fail the attempt
   */
  CompletionStage<R> mutate(V variables) throws Exception;
}
