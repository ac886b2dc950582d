package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** Records the results an observer delivers; tests take them in order and end with exhaustion. */
final class RecordingListener<T> implements Consumer<QueryResult<T>> {
  private final Deque<QueryResult<T>> results = new ArrayDeque<>();

  @Override
  public synchronized void accept(QueryResult<T> result) {
    results.add(result);
  }

  /** Takes the next result delivered. */
  synchronized QueryResult<T> next() {
    assertThat(results).as("delivered results").isNotEmpty();
    return results.poll();
  }

  /** Takes every result delivered so far and returns the last one. */
  synchronized QueryResult<T> latest() {
    assertThat(results).as("delivered results").isNotEmpty();
    QueryResult<T> last = results.getLast();
    results.clear();
    return last;
  }

  synchronized int size() {
    return results.size();
  }

  synchronized void assertExhausted() {
    assertThat(results).as("results nobody expected").isEmpty();
  }
}
