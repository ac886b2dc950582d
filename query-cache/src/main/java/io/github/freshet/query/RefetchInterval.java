package io.github.freshet.query;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How often an observed query polls, computed from its latest state, so that polling can stop by
 * itself: {@code state -> state.data() != null && state.data().isDone() ? null :
 * Duration.ofSeconds(1)}.
 *
 * @param <T> the type of the data
 */
@FunctionalInterface
public interface RefetchInterval<T> {
  /**
   * Returns the time until the next poll.
   *
   * @param state the entry's latest state
   * @return the interval, or {@code null} (or zero) to stop polling
   */
  @Nullable Duration next(QueryState<T> state);
}
