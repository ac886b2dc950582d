package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link QueryObserver#publisher()} as a {@link Flow.Publisher}: demand, conflation to the latest
 * result, cancellation and the rule 3.9 error. Data changes come from {@code setQueryData}; time is
 * virtual and listeners run on the calling thread, so every signal arrives before the call that
 * caused it returns.
 */
final class QueryObserverPublisherTest {
  private static final QueryKey<String> KEY = QueryKey.of("greeting");

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client = TestClients.onVirtualTime(time);
  private final AtomicInteger fetches = new AtomicInteger();
  private final CompletableFuture<String> answer = new CompletableFuture<>();

  /** Fresh for 5 minutes, so that subscribing to data written by hand fetches nothing. */
  private final QueryOptions<String> options =
      QueryOptions.builder(
              KEY,
              ctx -> {
                fetches.incrementAndGet();
                return answer;
              })
          .staleTime(Duration.ofMinutes(5))
          .build();

  /** Does nothing until the first subscription, so tests write their data before subscribing. */
  private final QueryObserver<String> observer = client.observer(options);

  @AfterEach
  void tearDown() {
    observer.close();
    client.close();
  }

  @Test
  void requestOne_getsTheCurrentResultOnly() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(1);

    client.setQueryData(KEY, "v2");
    client.setQueryData(KEY, "v3");

    assertThat(subscriber.data()).containsExactly("v1");
    QueryResult<String> first = subscriber.items().get(0);
    assertThat(first.key()).isEqualTo(KEY);
    assertThat(first.status()).isEqualTo(QueryStatus.SUCCESS);
    assertThat(first.fetchStatus()).isEqualTo(FetchStatus.IDLE);
    assertThat(first.stale()).isFalse();
    subscriber.assertNotTerminated();
    assertThat(fetches).hasValue(0);
  }

  @Test
  void requestingMore_deliversTheLatestPendingResult_andSkipsIntermediateOnes() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(1);
    client.setQueryData(KEY, "v2");
    client.setQueryData(KEY, "v3");
    client.setQueryData(KEY, "v4");

    subscriber.request(1);

    assertThat(subscriber.data()).containsExactly("v1", "v4");
    assertThat(subscriber.items().get(1)).isEqualTo(observer.current());
  }

  @Test
  void requestingMore_withNothingPending_deliversTheNextResultAsItComes() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(1);

    subscriber.request(2);
    assertThat(subscriber.data()).containsExactly("v1");
    client.setQueryData(KEY, "v2");
    client.setQueryData(KEY, "v3");
    client.setQueryData(KEY, "v4");

    assertThat(subscriber.data()).containsExactly("v1", "v2", "v3");
    subscriber.request(1);
    assertThat(subscriber.data()).containsExactly("v1", "v2", "v3", "v4");
  }

  @Test
  void noDemand_deliversNothing_thenTheLatestResultWhenRequested() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(0);

    client.setQueryData(KEY, "v2");
    assertThat(subscriber.items()).isEmpty();

    subscriber.request(5);

    assertThat(subscriber.data()).containsExactly("v2");
    client.setQueryData(KEY, "v3");
    assertThat(subscriber.data()).containsExactly("v2", "v3");
  }

  @Test
  void unboundedDemand_deliversEveryChange() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(Long.MAX_VALUE);

    for (int i = 2; i <= 5; i++) {
      client.setQueryData(KEY, "v" + i);
    }
    subscriber.request(Long.MAX_VALUE); // No overflow past Long.MAX_VALUE.
    client.setQueryData(KEY, "v6");

    assertThat(subscriber.data()).containsExactly("v1", "v2", "v3", "v4", "v5", "v6");
  }

  @Test
  void anEqualWrite_deliversNothing() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(Long.MAX_VALUE);

    client.setQueryData(KEY, "v1");

    assertThat(subscriber.data()).containsExactly("v1");
  }

  @Test
  void aFetch_flowsThroughThePublisher() {
    RecordingSubscriber<String> subscriber = subscribe(Long.MAX_VALUE);

    answer.complete("fetched");

    assertThat(fetches).hasValue(1);
    List<QueryResult<String>> items = subscriber.items();
    assertThat(items).last().satisfies(r -> assertThat(r.data()).isEqualTo("fetched"));
    assertThat(items)
        .anySatisfy(r -> {
          assertThat(r.isLoading()).isTrue();
          assertThat(r.data()).isNull();
        });
    assertThat(items.get(items.size() - 1).isSuccess()).isTrue();
  }

  @Test
  void twoSubscribers_eachHaveTheirOwnDemand() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> eager = subscribe(Long.MAX_VALUE);
    RecordingSubscriber<String> slow = subscribe(1);

    client.setQueryData(KEY, "v2");
    client.setQueryData(KEY, "v3");

    assertThat(eager.data()).containsExactly("v1", "v2", "v3");
    assertThat(slow.data()).containsExactly("v1");
    slow.request(1);
    assertThat(slow.data()).containsExactly("v1", "v3");
  }

  // ---- Cancellation ----

  @Test
  void cancel_stopsDelivery_andTheOnlyListenerLeaving_unobservesTheEntry() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(1);
    assertThat(entry().observers()).isEqualTo(1);
    assertThat(entry().active()).isTrue();

    subscriber.cancel();
    client.setQueryData(KEY, "v2");
    subscriber.request(1);

    assertThat(subscriber.data()).containsExactly("v1");
    assertThat(entry().observers()).isZero();
    assertThat(entry().active()).isFalse();
    assertThat(subscriber.errors()).isEmpty();
  }

  @Test
  void cancel_withAPendingResult_dropsIt() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(0);

    subscriber.cancel();
    subscriber.request(1);

    assertThat(subscriber.items()).isEmpty();
    assertThat(entry().observers()).isZero();
  }

  @Test
  void cancel_whileAnotherListenerRemains_keepsTheEntryObserved() {
    client.setQueryData(KEY, "v1");
    List<String> other = new CopyOnWriteArrayList<>();
    QueryObserver.Registration registration = observer.subscribe(r -> other.add(dataOf(r)));
    RecordingSubscriber<String> subscriber = subscribe(Long.MAX_VALUE);

    subscriber.cancel();
    client.setQueryData(KEY, "v2");

    assertThat(subscriber.data()).containsExactly("v1");
    assertThat(other).containsExactly("v1", "v2");
    assertThat(entry().observers()).isEqualTo(1);
    assertThat(entry().active()).isTrue();

    registration.close();
    assertThat(entry().observers()).isZero();
  }

  @Test
  void cancel_isIdempotent() {
    client.setQueryData(KEY, "v1");
    List<String> other = new CopyOnWriteArrayList<>();
    QueryObserver.Registration unused = observer.subscribe(r -> other.add(dataOf(r)));
    RecordingSubscriber<String> subscriber = subscribe(1);

    subscriber.cancel();
    subscriber.cancel();
    client.setQueryData(KEY, "v2");

    assertThat(entry().observers()).isEqualTo(1);
    assertThat(other).containsExactly("v1", "v2");
  }

  @Test
  void cancel_insideOnSubscribe_deliversNothing_andLeavesTheEntryUnobserved() {
    client.setQueryData(KEY, "v1");

    RecordingSubscriber<String> subscriber =
        subscribe(RecordingSubscriber.cancellingOnSubscribe(1));
    client.setQueryData(KEY, "v2");

    assertThat(subscriber.items()).isEmpty();
    assertThat(entry().observers()).isZero();
  }

  // ---- Rule 3.9 ----

  @Test
  void requestZero_signalsIllegalArgumentException_andStopsTheSubscription() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(0);

    subscriber.request(0);
    client.setQueryData(KEY, "v2");
    subscriber.request(1);

    assertThat(subscriber.errors())
        .last(THROWABLE)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3.9")
        .hasMessageContaining("0");
    assertThat(subscriber.items()).isEmpty();
    assertThat(entry().observers()).isZero();
  }

  @Test
  void requestNegative_signalsIllegalArgumentException() {
    client.setQueryData(KEY, "v1");
    RecordingSubscriber<String> subscriber = subscribe(1);

    subscriber.request(-3);

    assertThat(subscriber.errors())
        .last(THROWABLE)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-3");
    assertThat(subscriber.data()).containsExactly("v1");
    assertThat(entry().observers()).isZero();
  }

  @Test
  @SuppressWarnings("NullAway") // Passes null on purpose: rule 1.9 wants a NullPointerException.
  void subscribe_null_isRejected() {
    assertThatThrownBy(() -> observer.publisher().subscribe(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(fetches).hasValue(0);
  }

  // ---- Helpers ----

  /** Subscribes a new subscriber that requests {@code initialRequest} results on subscribe. */
  private RecordingSubscriber<String> subscribe(long initialRequest) {
    return subscribe(RecordingSubscriber.requesting(initialRequest));
  }

  private RecordingSubscriber<String> subscribe(RecordingSubscriber<String> subscriber) {
    observer.publisher().subscribe(subscriber);
    return subscriber;
  }

  private QuerySnapshot entry() {
    return client.snapshot().stream()
        .filter(s -> s.key().equals(KEY))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry for " + KEY));
  }

  private static String dataOf(QueryResult<String> result) {
    return Objects.requireNonNull(result.data(), "no data");
  }
}
