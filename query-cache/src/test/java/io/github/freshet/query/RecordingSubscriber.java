package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A subscriber to {@link QueryObserver#publisher()} that requests a number of results on subscribe
 * (none for 0) and records every signal; tests then request more or cancel through it.
 */
final class RecordingSubscriber<T> implements Flow.Subscriber<QueryResult<T>> {
  private final List<QueryResult<T>> items = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final long initialRequest;
  private final boolean cancelOnSubscribe;
  private volatile Flow.@Nullable Subscription subscription;
  private volatile boolean completed;

  private RecordingSubscriber(long initialRequest, boolean cancelOnSubscribe) {
    this.initialRequest = initialRequest;
    this.cancelOnSubscribe = cancelOnSubscribe;
  }

  /** Requests {@code initialRequest} results on subscribe, none if it is 0. */
  static <T> RecordingSubscriber<T> requesting(long initialRequest) {
    return new RecordingSubscriber<>(initialRequest, false);
  }

  /** Requests {@code initialRequest} results on subscribe, then cancels while still inside it. */
  static <T> RecordingSubscriber<T> cancellingOnSubscribe(long initialRequest) {
    return new RecordingSubscriber<>(initialRequest, true);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (initialRequest > 0) {
      subscription.request(initialRequest);
    }
    if (cancelOnSubscribe) {
      subscription.cancel();
    }
  }

  @Override
  public void onNext(QueryResult<T> item) {
    items.add(item);
  }

  @Override
  public void onError(Throwable throwable) {
    errors.add(throwable);
  }

  @Override
  public void onComplete() {
    completed = true;
  }

  /** The results received, in order. */
  List<QueryResult<T>> items() {
    return List.copyOf(items);
  }

  /** The data of the results received, in order; fails on a result without data. */
  List<T> data() {
    return items.stream().map(r -> Objects.requireNonNull(r.data(), "no data")).toList();
  }

  /** The errors signalled, in order. */
  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  boolean completed() {
    return completed;
  }

  Flow.Subscription subscription() {
    return Objects.requireNonNull(subscription, "onSubscribe was not called");
  }

  void request(long n) {
    subscription().request(n);
  }

  void cancel() {
    subscription().cancel();
  }

  /** Asserts that neither onError nor onComplete has been signalled. */
  void assertNotTerminated() {
    assertThat(errors).as("errors signalled").isEmpty();
    assertThat(completed).as("completed").isFalse();
  }
}
