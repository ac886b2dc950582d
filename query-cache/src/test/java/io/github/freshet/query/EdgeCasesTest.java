package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import io.github.freshet.client.leads.BusinessStatus;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Edge cases that review found broken once: publisher ordering and closed observers, very long
 * delays, throwing and nested virtual-time tasks, key parts that collide or are Lead API values.
 */
final class EdgeCasesTest {
  private static final QueryKey<String> KEY = QueryKey.of("greeting");
  private static final Duration A_THOUSAND_YEARS = Duration.ofDays(365L * 1000);

  private final VirtualTime time = VirtualTime.create();

  /** Runs listeners on the calling thread; see {@link #client(Executor)} for other executors. */
  private final QueryClient client = client(Runnable::run);

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void publisher_requestFromAnotherThread_neverDeliversAnOlderResultAfterANewerOne() {
    Queue<Runnable> queued = new ArrayDeque<>();
    try (QueryClient queuing = client(queued::add)) {
      queuing.setQueryData(KEY, "v1");
      QueryObserver<String> observer =
          queuing.observer(neverAnswering().staleTime(Duration.ofMinutes(5)).build());
      RecordingSubscriber<String> subscriber = RecordingSubscriber.requesting(1);
      observer.publisher().subscribe(subscriber);
      runAll(queued); // v1 delivered; demand now 0
      queuing.setQueryData(KEY, "v2");
      runAll(queued); // v2 pending
      queuing.setQueryData(KEY, "v3"); // the listener's delivery of v3 is queued, not run yet

      subscriber.request(2); // takes v2 now, hands it to the callback queue after v3

      runAll(queued);
      // Conflation may skip v2; what must never happen is v2 arriving after v3.
      assertThat(subscriber.data()).containsExactly("v1", "v3");
    }
  }

  @Test
  void publisher_ofAClosedObserver_signalsOnErrorInsteadOfThrowing() {
    QueryObserver<String> observer = client.observer(neverAnswering().build());
    observer.close();
    RecordingSubscriber<String> subscriber = RecordingSubscriber.requesting(0);

    assertThatCode(() -> observer.publisher().subscribe(subscriber)).doesNotThrowAnyException();
    assertThat(subscriber.errors()).last(THROWABLE).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void observer_aVeryLongStaleTime_meansNeverStale_withoutBreaking() {
    assertNeverStale(ChronoUnit.FOREVER.getDuration());
  }

  @Test
  void observer_aThousandYearStaleTime_meansNeverStale_withoutBreaking() {
    assertNeverStale(A_THOUSAND_YEARS);
  }

  @Test
  void virtualTime_aLongDelay_isAccepted() {
    assertThatCode(() -> time.scheduler().schedule(A_THOUSAND_YEARS, () -> {}))
        .doesNotThrowAnyException();
  }

  @Test
  void queryKey_mapKeysThatCollideAfterNormalisation_areNotSilentlyMerged() {
    Map<Object, Object> both = new HashMap<>();
    both.put(1, "int");
    both.put(1L, "long");
    // 1 and 1L are one key part after normalisation: refuse rather than drop one entry.
    assertThatThrownBy(() -> QueryKey.of("q", both))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("become equal");
  }

  @Test
  void queryKey_aLeadApiValueClassAsAPart_isAccepted() {
    assertThatCode(() -> QueryKey.of("businesses", BusinessStatus.NEW)).doesNotThrowAnyException();
  }

  @Test
  void virtualTime_aThrowingTask_leavesLaterDueTasksForRunDue() {
    Scheduler scheduler = time.scheduler();
    List<String> log = new ArrayList<>();
    scheduler.schedule(
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("boom");
        });
    scheduler.schedule(Duration.ofSeconds(2), () -> log.add("b"));
    try {
      time.advance(Duration.ofSeconds(3));
    } catch (IllegalStateException expected) {
      // fall through
    }
    time.runDue();
    assertThat(log).containsExactly("b");
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void virtualTime_nestedAdvance_neverMovesTimeBackwards() {
    time.scheduler().schedule(Duration.ofSeconds(1), () -> time.advance(Duration.ofSeconds(5)));
    time.advance(Duration.ofSeconds(2));
    assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void observer_aThousandYearStaleTime_aFetchThatCompletes_settlesTheEntry() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    QueryOptions<String> options =
        QueryOptions.builder(KEY, ctx -> answer).staleTime(A_THOUSAND_YEARS).build();
    QueryObserver<String> observer = client.observer(options);
    observer.subscribe(r -> {});
    CompletableFuture<String> viaFetchQuery = client.fetchQuery(options);

    answer.complete("v1");

    assertThat(client.getQueryData(KEY)).isEqualTo("v1");
    assertThat(client.isFetching(QueryFilter.all())).isZero();
    assertThat(viaFetchQuery).isCompletedWithValue("v1");
  }

  // ---- Helpers ----

  /** A client on this test's virtual time that runs listeners on {@code callbacks}. */
  private QueryClient client(Executor callbacks) {
    return QueryClient.builder()
        .clock(time.clock())
        .scheduler(time.scheduler())
        .callbackExecutor(callbacks)
        .build();
  }

  /** Options for {@link #KEY} whose fetch never completes. */
  private static QueryOptions.Builder<String> neverAnswering() {
    return QueryOptions.builder(KEY, ctx -> new CompletableFuture<String>());
  }

  /** With "v1" cached under a stale time that long, subscribing works and the data is fresh. */
  private void assertNeverStale(Duration staleTime) {
    client.setQueryData(KEY, "v1");
    QueryObserver<String> observer = client.observer(neverAnswering().staleTime(staleTime).build());

    assertThatCode(() -> observer.subscribe(r -> {})).doesNotThrowAnyException();
    assertThat(observer.current().stale()).isFalse();
  }

  private static void runAll(Queue<Runnable> queued) {
    for (int i = 0; i < 1000 && !queued.isEmpty(); i++) {
      queued.remove().run();
    }
  }

  @Test
  void observer_aNewKeyWhileUnsubscribed_thenRefetch_fetchesIntoTheNewKeysEntry() throws Exception {
    QueryKey<String> first = QueryKey.of("page", 1);
    QueryKey<String> second = QueryKey.of("page", 2);
    client.setQueryData(first, "page 1");
    QueryObserver<String> observer =
        client.observer(
            QueryOptions.<String>builder(first, context -> CompletableFuture.completedFuture("1"))
                .build());

    observer.setOptions(
        QueryOptions.<String>builder(
                second, context -> CompletableFuture.completedFuture("fetched page 2"))
            .build());
    observer.refetch().get(1, TimeUnit.SECONDS);

    assertThat(client.getQueryData(second)).isEqualTo("fetched page 2");
    assertThat(client.getQueryData(first))
        .as("the old key's entry is untouched")
        .isEqualTo("page 1");
    assertThat(observer.current().data()).isEqualTo("fetched page 2");
  }

  @Test
  void initialData_arrivingWhileAFetchIsInFlight_keepsTheFetchVisible() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    var prefetch = client.fetchQuery(QueryOptions.<String>builder(KEY, context -> answer).build());

    var joined =
        client.fetchQuery(
            QueryOptions.<String>builder(KEY, context -> answer).initialData("initial").build());

    QueryState<String> state = Objects.requireNonNull(client.getQueryState(KEY));
    assertThat(state.fetchStatus()).isEqualTo(FetchStatus.FETCHING);
    assertThat(client.isFetching(QueryFilter.all())).isOne();
    answer.complete("fetched");
    assertThat(prefetch).isCompletedWithValue("fetched");
    assertThat(joined).isCompletedWithValue("fetched");
    assertThat(client.getQueryData(KEY)).isEqualTo("fetched");
  }

  @Test
  void registration_closedTwice_removesOnlyItsOwnListener() {
    client.setQueryData(KEY, "v1");
    QueryObserver<String> observer =
        client.observer(neverAnswering().staleTime(Duration.ofMinutes(5)).build());
    List<String> seen = new ArrayList<>();
    Consumer<QueryResult<String>> listener = result -> seen.add(result.data());
    QueryObserver.Registration one = observer.subscribe(listener);
    QueryObserver.Registration two = observer.subscribe(listener); // The same listener, twice.

    one.close();
    one.close(); // Idempotent: must not take the other registration's listener away.
    client.setQueryData(KEY, "v2");

    assertThat(seen).as("two deliveries of v1, then one of v2").containsExactly("v1", "v1", "v2");
    two.close();
  }
}
