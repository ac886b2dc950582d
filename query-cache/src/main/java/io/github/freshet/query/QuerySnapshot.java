package io.github.freshet.query;

import java.util.Objects;

/**
 * One cache entry as seen from outside, for filters and for inspection (the devtools analogue).
 *
 * @param key the entry's key
 * @param state the entry's state
 * @param observers how many observers are subscribed to it
 * @param active whether one of them is enabled
 * @param stale whether its data is stale: for an observed entry, by any enabled observer's stale
 *     time; for an unobserved one, only when it has no data or was invalidated
 */
public record QuerySnapshot(
    QueryKey<?> key, QueryState<?> state, int observers, boolean active, boolean stale) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if the key or state is null
   */
  public QuerySnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
  }
}
