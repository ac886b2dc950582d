package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A fetch function whose calls the test completes by hand: it records each call (context and
 * pending future) and counts them.
 */
final class ManualFetcher<T> implements QueryFunction<T> {
  record Call<T>(QueryContext<T> context, CompletableFuture<T> future) {}

  private final List<Call<T>> calls = new ArrayList<>();

  @Override
  public synchronized CompletionStage<T> fetch(QueryContext<T> context) {
    CompletableFuture<T> future = new CompletableFuture<>();
    calls.add(new Call<>(context, future));
    return future;
  }

  synchronized int count() {
    return calls.size();
  }

  synchronized Call<T> call(int index) {
    return calls.get(index);
  }

  synchronized Call<T> last() {
    assertThat(calls).as("fetch calls").isNotEmpty();
    return calls.get(calls.size() - 1);
  }

  /** Completes the latest call with data. */
  void succeed(T data) {
    last().future().complete(data);
  }

  /** Fails the latest call. */
  void fail(Throwable error) {
    last().future().completeExceptionally(error);
  }
}
