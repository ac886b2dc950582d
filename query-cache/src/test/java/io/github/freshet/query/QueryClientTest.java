package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's operations on virtual time: fetch, invalidate, cancel, gc, size bound. */
final class QueryClientTest {
  private static final QueryKey<String> A = QueryKey.of("todos", "a");
  private static final QueryKey<String> B = QueryKey.of("todos", "b");
  private static final QueryKey<String> OTHER = QueryKey.of("users", 1);

  private final VirtualTime time = VirtualTime.create();
  private QueryClient client = newClient(QueryClient.builder());

  private QueryClient newClient(QueryClient.Builder builder) {
    return TestClients.onVirtualTime(time, builder);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private QueryState<String> state(QueryKey<String> key) {
    return Objects.requireNonNull(client.getQueryState(key), "no entry for " + key);
  }

  private static QueryOptions<String> options(QueryKey<String> key, ManualFetcher<String> fetcher) {
    return QueryOptions.builder(key, fetcher).build();
  }

  private QueryObserver<String> observe(QueryKey<String> key, ManualFetcher<String> fetcher) {
    QueryObserver<String> observer = client.observer(options(key, fetcher));
    observer.subscribe(new RecordingListener<>());
    return observer;
  }

  // ---- fetchQuery and friends ----

  @Test
  void fetchQuery_fetchesOnce_thenServesFreshDataFromTheCache() throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    QueryOptions<String> fresh =
        QueryOptions.builder(A, fetcher).staleTime(Duration.ofSeconds(30)).build();

    CompletableFuture<String> first = client.fetchQuery(fresh);
    fetcher.succeed("milk");

    assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("milk");
    assertThat(client.fetchQuery(fresh).get(1, TimeUnit.SECONDS)).isEqualTo("milk");
    assertThat(fetcher.count()).isEqualTo(1);

    time.advance(Duration.ofSeconds(30));
    CompletableFuture<String> stale = client.fetchQuery(fresh);
    assertThat(fetcher.count()).isEqualTo(2);
    fetcher.succeed("bread");
    assertThat(stale.get(1, TimeUnit.SECONDS)).isEqualTo("bread");
  }

  @Test
  void fetchQuery_doesNotRetryUnlessAsked() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();

    CompletableFuture<String> result = client.fetchQuery(options(A, fetcher));
    fetcher.fail(new IllegalStateException("down"));
    time.advance(Duration.ofMinutes(1));

    assertThat(fetcher.count()).isEqualTo(1);
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(state(A).status()).isEqualTo(QueryStatus.ERROR);
  }

  @Test
  void prefetchQuery_neverFails() throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();

    CompletableFuture<Void> prefetched = client.prefetchQuery(options(A, fetcher));
    fetcher.fail(new IllegalStateException("down"));

    assertThat(prefetched.get(1, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void ensureQueryData_returnsStaleDataWithoutFetching() throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    client.setQueryData(A, "milk");
    time.advance(Duration.ofMinutes(4)); // Stale, and not yet collected (gcTime 5 min).

    assertThat(client.ensureQueryData(options(A, fetcher)).get(1, TimeUnit.SECONDS))
        .isEqualTo("milk");
    assertThat(fetcher.count()).isZero();
  }

  @Test
  void thousandConcurrentCallersOfAStaleKey_causeOneRequest() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    CompletableFuture<String> response = new CompletableFuture<>();
    QueryOptions<String> slow =
        QueryOptions.<String>builder(
                A,
                ctx -> {
                  requests.incrementAndGet();
                  return response;
                })
            .build();
    client.setQueryData(A, "stale milk");
    int callers = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    Queue<CompletableFuture<String>> results = new ConcurrentLinkedQueue<>();
    List<Future<?>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        calls.add(
            pool.submit(() -> {
              awaitQuietly(start);
              results.add(client.fetchQuery(slow));
            }));
      }
      start.countDown();
      for (Future<?> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
      response.complete("fresh milk");
      assertThat(results).hasSize(callers);
      for (CompletableFuture<String> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("fresh milk");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(requests).hasValue(1);
  }

  // ---- invalidate and refetch ----

  @Test
  void invalidate_marksEveryMatchStale_andRefetchesOnlyTheActiveOnes() {
    ManualFetcher<String> activeFetcher = new ManualFetcher<>();
    ManualFetcher<String> inactiveFetcher = new ManualFetcher<>();
    observe(A, activeFetcher);
    activeFetcher.succeed("a");
    var unused = client.fetchQuery(options(B, inactiveFetcher));
    inactiveFetcher.succeed("b");
    client.setQueryData(OTHER, "user");

    var invalidated = client.invalidateQueries(QueryFilter.prefix(QueryKey.of("todos")));

    assertThat(state(A).invalidated()).isTrue();
    assertThat(state(B).invalidated()).isTrue();
    assertThat(state(OTHER).invalidated()).isFalse();
    assertThat(activeFetcher.count()).isEqualTo(2);
    assertThat(inactiveFetcher.count()).isEqualTo(1);
    assertThat(invalidated).isNotDone();
    activeFetcher.succeed("a2");
    assertThat(invalidated).isDone();
    assertThat(state(A).invalidated()).isFalse();
  }

  @Test
  void invalidate_withRefetchTypeAll_refetchesTheInactiveOnesToo() {
    ManualFetcher<String> inactiveFetcher = new ManualFetcher<>();
    var unused = client.fetchQuery(options(B, inactiveFetcher));
    inactiveFetcher.succeed("b");

    var refetched = client.invalidateQueries(QueryFilter.all(), RefetchType.ALL);

    assertThat(inactiveFetcher.count()).isEqualTo(2);
    inactiveFetcher.succeed("b2");
    assertThat(refetched).isDone();
    assertThat(client.getQueryData(B)).isEqualTo("b2");
  }

  @Test
  void invalidate_withRefetchTypeNone_onlyMarks() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    observe(A, fetcher);
    fetcher.succeed("a");

    var unused = client.invalidateQueries(QueryFilter.all(), RefetchType.NONE);

    assertThat(fetcher.count()).isEqualTo(1);
    assertThat(state(A).invalidated()).isTrue();
  }

  @Test
  void invalidateDuringAFetch_replacesIt_soTheDataIsFromAfterTheInvalidation() throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    observe(A, fetcher);
    fetcher.succeed("v1");
    QueryObserver<String> observer = client.observer(options(A, fetcher));
    CompletableFuture<QueryResult<String>> refetch = observer.refetch();
    assertThat(fetcher.count()).isEqualTo(2);

    var unused = client.invalidateQueries(QueryFilter.exact(A));

    assertThat(fetcher.count()).isEqualTo(3);
    assertThat(fetcher.call(1).context().isCancelled()).isTrue();
    fetcher.call(1).future().complete("v2, from before the invalidation");
    assertThat(client.getQueryData(A)).isEqualTo("v1");
    fetcher.succeed("v3");
    assertThat(client.getQueryData(A)).isEqualTo("v3");
    assertThat(refetch.get(1, TimeUnit.SECONDS).data()).isEqualTo("v3");
  }

  @Test
  void invalidateDuringAFirstFetch_joinsIt_butItsAnswerLandsInvalidated_andAnActiveEntryRefetches()
      throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    observe(A, fetcher); // The first fetch: no data yet, so nothing to keep showing meanwhile.

    var invalidated = client.invalidateQueries(QueryFilter.exact(A));

    assertThat(fetcher.count()).as("joined, as in TanStack: no loading flash").isOne();
    fetcher.call(0).future().complete("read on the server before the invalidation");
    assertThat(state(A).invalidated()).as("it may predate the invalidation").isTrue();
    assertThat(fetcher.count()).as("so the active entry fetches once more").isEqualTo(2);
    assertThat(invalidated)
        .as("the invalidation's future waits for data from after it")
        .isNotDone();
    fetcher.succeed("after");
    assertThat(invalidated).isDone();
    assertThat(client.getQueryData(A)).isEqualTo("after");
    assertThat(state(A).invalidated()).isFalse();
  }

  @Test
  void invalidateDuringAPrefetch_leavesTheAnswerStale_forTheNextObserver() throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    var prefetch = client.fetchQuery(options(A, fetcher));

    var unused = client.invalidateQueries(QueryFilter.exact(A));
    fetcher.succeed("before");

    assertThat(prefetch.get(1, TimeUnit.SECONDS)).isEqualTo("before");
    assertThat(state(A).invalidated()).isTrue();
    assertThat(fetcher.count()).as("inactive: nothing refetches now").isOne();
    observe(A, fetcher);
    assertThat(fetcher.count()).as("the next observer does").isEqualTo(2);
  }

  @Test
  void invalidateWithRefetchTypeNone_duringAFirstFetch_onlyLeavesItsAnswerStale() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    observe(A, fetcher);

    var unused = client.invalidateQueries(QueryFilter.exact(A), RefetchType.NONE);
    fetcher.succeed("before");

    assertThat(state(A).invalidated()).isTrue();
    assertThat(fetcher.count()).as("NONE refetches nothing").isOne();
  }

  @Test
  void cancelAfterAnInvalidationDuringTheFetch_leavesTheEntryInvalidated() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    client.setQueryData(A, "old");
    var prefetch = client.fetchQuery(options(A, fetcher)); // In flight, with data.

    var unused = client.invalidateQueries(QueryFilter.exact(A), RefetchType.NONE);
    client.cancelQueries(QueryFilter.exact(A));

    assertThat(prefetch).isCompletedWithValue("old");
    assertThat(state(A).invalidated())
        .as("cancelling the fetch is no reason to forget it")
        .isTrue();
  }

  @Test
  void invalidateAll_skipsDisabledQueries() {
    ManualFetcher<String> disabledFetcher = new ManualFetcher<>();
    client
        .observer(QueryOptions.builder(A, disabledFetcher).enabled(false).build())
        .subscribe(new RecordingListener<>());

    var unused = client.invalidateQueries(QueryFilter.all(), RefetchType.ALL);

    assertThat(disabledFetcher.count()).isZero();
    assertThat(state(A).invalidated()).isTrue();
  }

  @Test
  void updateQueryData_losesNoConcurrentUpdate() throws Exception {
    QueryKey<List<Integer>> numbers = QueryKey.of("numbers");
    client.setQueryData(numbers, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> writers = new ArrayList<>();
    try {
      for (int w = 0; w < 8; w++) {
        int writer = w;
        writers.add(
            pool.submit(() -> {
              for (int i = 0; i < 100; i++) {
                int value = writer * 100 + i;
                client.updateQueryData(
                    numbers,
                    list -> {
                      List<Integer> next = new ArrayList<>(Objects.requireNonNull(list));
                      next.add(value);
                      return List.copyOf(next);
                    });
              }
            }));
      }
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(client.getQueryData(numbers)).hasSize(800).doesNotHaveDuplicates();
  }

  @Test
  void refetchQueries_skipsEntriesThatCannotFetch() {
    ManualFetcher<String> disabledFetcher = new ManualFetcher<>();
    client
        .observer(QueryOptions.builder(A, disabledFetcher).enabled(false).build())
        .subscribe(new RecordingListener<>());
    client.setQueryData(OTHER, "written by hand");

    var unused = client.refetchQueries(QueryFilter.all());

    assertThat(disabledFetcher.count()).isZero();
    assertThat(client.getQueryData(OTHER)).isEqualTo("written by hand");
  }

  // ---- cancel ----

  @Test
  void cancel_revertsToThePreviousDataAndStatus_andSignalsTheFetch() throws Exception {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    observe(A, fetcher);
    fetcher.succeed("milk");
    QueryState<String> before = state(A);
    CompletableFuture<String> refetch = client.fetchQuery(options(A, fetcher));
    assertThat(state(A).fetchStatus()).isEqualTo(FetchStatus.FETCHING);
    AtomicInteger signalled = new AtomicInteger();
    fetcher.last().context().onCancel(signalled::incrementAndGet);

    client.cancelQueries(QueryFilter.exact(A));

    assertThat(state(A)).isEqualTo(before);
    assertThat(signalled).hasValue(1);
    assertThat(refetch.get(1, TimeUnit.SECONDS)).isEqualTo("milk");
    fetcher.succeed("too late");
    assertThat(client.getQueryData(A)).isEqualTo("milk");
  }

  @Test
  void cancelTheFirstFetch_goesBackToPending_andFailsTheFetchAsCancelled() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    CompletableFuture<String> fetch = client.fetchQuery(options(A, fetcher));

    client.cancelQueries(QueryFilter.all());

    assertThat(state(A).status()).isEqualTo(QueryStatus.PENDING);
    assertThat(state(A).fetchStatus()).isEqualTo(FetchStatus.IDLE);
    assertThatThrownBy(() -> fetch.get(1, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void cancelAfterAManualWrite_revertsToTheWrite() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    var unused = client.fetchQuery(options(A, fetcher));
    client.setQueryData(A, "written during the fetch");

    client.cancelQueries(QueryFilter.all());

    assertThat(client.getQueryData(A)).isEqualTo("written during the fetch");
    assertThat(state(A).fetchStatus()).isEqualTo(FetchStatus.IDLE);
  }

  @Test
  void cancelLinksToAFuture() {
    CompletableFuture<String> httpCall = new CompletableFuture<>();
    var unused =
        client.fetchQuery(QueryOptions.<String>builder(A, ctx -> ctx.link(httpCall)).build());

    client.cancelQueries(QueryFilter.exact(A));

    assertThat(httpCall).isCancelled();
  }

  // ---- gc and size ----

  @Test
  void gc_removesExactlyAtGcTime_afterTheLastObserverLeaves() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    QueryObserver<String> observer =
        client.observer(QueryOptions.builder(A, fetcher).gcTime(Duration.ofMinutes(5)).build());
    QueryObserver.Registration registration = observer.subscribe(new RecordingListener<>());
    fetcher.succeed("milk");

    time.advance(Duration.ofMinutes(10));
    assertThat(client.getQueryData(A)).as("observed: never collected").isEqualTo("milk");

    registration.close();
    time.advance(Duration.ofMillis(299_999));
    assertThat(client.getQueryData(A)).as("just before gcTime").isEqualTo("milk");
    time.advance(Duration.ofMillis(1));

    assertThat(client.getQueryData(A)).as("at gcTime").isNull();
    assertThat(client.getQueryState(A)).isNull();
    assertThat(client.snapshot()).isEmpty();
  }

  @Test
  void gc_waitsForAFetchInFlight_andCountsFromWhenItSettles() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    var unused =
        client.fetchQuery(QueryOptions.builder(A, fetcher).gcTime(Duration.ofMinutes(1)).build());

    time.advance(Duration.ofMinutes(5));
    assertThat(client.getQueryState(A)).isNotNull();
    fetcher.succeed("milk");
    time.advance(Duration.ofSeconds(59));
    assertThat(client.getQueryData(A)).isEqualTo("milk");
    time.advance(Duration.ofSeconds(1));

    assertThat(client.getQueryData(A)).isNull();
  }

  @Test
  void gc_keepsTheLongestGcTimeSeen() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    var unused =
        client.fetchQuery(QueryOptions.builder(A, fetcher).gcTime(Duration.ofMinutes(10)).build());
    fetcher.succeed("milk");
    var again =
        client.fetchQuery(
            QueryOptions.builder(A, fetcher)
                .gcTime(Duration.ofMinutes(1))
                .staleTime(Duration.ofHours(1))
                .build());

    time.advance(Duration.ofMinutes(9));

    assertThat(client.getQueryData(A)).isEqualTo("milk");
    assertThat(again).isDone();
  }

  @Test
  void sizeBound_evictsOnlyUnobservedEntries() {
    client.close();
    client = newClient(QueryClient.builder().maximumSize(2));
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    List<QueryKey<String>> observed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      QueryKey<String> key = QueryKey.of("observed", i);
      observed.add(key);
      observe(key, fetcher);
      fetcher.succeed("o" + i);
    }

    for (int i = 0; i < 50; i++) {
      client.setQueryData(QueryKey.of("unobserved", i), "u" + i);
    }
    time.runDue();

    for (QueryKey<String> key : observed) {
      assertThat(client.getQueryData(key)).as("%s is observed", key).isNotNull();
    }
    long unobserved =
        client.snapshot().stream()
            .filter(s -> s.key().startsWith(QueryKey.of("unobserved")))
            .count();
    assertThat(unobserved).isLessThanOrEqualTo(2);
  }

  // ---- remove, reset, setQueriesData, isFetching ----

  @Test
  void removeQueries_cancelsTheFetch_andForgetsTheEntry() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    CompletableFuture<String> fetch = client.fetchQuery(options(A, fetcher));
    client.setQueryData(B, "b");

    client.removeQueries(QueryFilter.exact(A));

    assertThat(client.getQueryState(A)).isNull();
    assertThat(client.getQueryData(B)).isEqualTo("b");
    assertThat(fetcher.last().context().isCancelled()).isTrue();
    assertThat(fetch).isCompletedExceptionally();
  }

  @Test
  void resetQueries_restoresInitialData_andRefetchesTheActiveOnes() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    QueryObserver<String> observer =
        client.observer(QueryOptions.builder(A, fetcher).initialData("initial").build());
    observer.subscribe(new RecordingListener<>());
    fetcher.succeed("fetched");
    assertThat(client.getQueryData(A)).isEqualTo("fetched");

    var unused = client.resetQueries(QueryFilter.exact(A));

    assertThat(client.getQueryData(A)).isEqualTo("initial");
    assertThat(fetcher.count()).isEqualTo(2);
    assertThat(state(A).fetchStatus()).isEqualTo(FetchStatus.FETCHING);
  }

  @Test
  void setQueriesData_updatesEveryMatchOfTheType() {
    client.setQueryData(A, "a");
    client.setQueryData(B, "b");
    client.setQueryData(QueryKey.<Integer>of("todos", "count"), 2);

    int changed =
        client.setQueriesData(QueryFilter.prefix(QueryKey.of("todos")), String.class, s -> s + "!");

    assertThat(changed).isEqualTo(2);
    assertThat(client.getQueryData(A)).isEqualTo("a!");
    assertThat(client.getQueryData(B)).isEqualTo("b!");
    assertThat(client.getQueryData(QueryKey.<Integer>of("todos", "count"))).isEqualTo(2);
    assertThat(client.setQueriesData(QueryFilter.all(), String.class, s -> s)).isZero();
  }

  @Test
  void isFetching_countsRunningFetches_notPausedOnes() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    var a = client.fetchQuery(options(A, fetcher));
    client.setOnline(false);
    var b = client.fetchQuery(options(B, fetcher));

    assertThat(client.isFetching(QueryFilter.all())).isEqualTo(1);
    assertThat(client.isFetching(QueryFilter.exact(B))).isZero();
    assertThat(state(B).fetchStatus()).isEqualTo(FetchStatus.PAUSED);
    assertThat(a).isNotDone();
    assertThat(b).isNotDone();
  }

  @Test
  void initialData_isCachedAsOfItsInstant() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    QueryOptions<String> withInitial =
        QueryOptions.builder(A, fetcher)
            .initialData("initial", time.now().minusSeconds(5))
            .staleTime(Duration.ofSeconds(10))
            .build();

    client.observer(withInitial).subscribe(new RecordingListener<>());

    assertThat(fetcher.count()).isZero();
    assertThat(client.getQueryData(A)).isEqualTo("initial");
    assertThat(state(A).dataUpdateCount()).isZero();
  }

  @Test
  void filters_selectByActivityStalenessAndPredicate() {
    ManualFetcher<String> fetcher = new ManualFetcher<>();
    observe(A, fetcher);
    fetcher.succeed("a");
    client.setQueryData(B, "b");

    assertThat(keys(QueryFilter.all().active())).containsExactly(A);
    assertThat(keys(QueryFilter.all().inactive())).containsExactly(B);
    assertThat(keys(QueryFilter.all().staleOnly())).containsExactly(A); // Unobserved B: fresh.
    assertThat(keys(QueryFilter.all().where(s -> "b".equals(s.state().data())))).containsExactly(B);
  }

  @Test
  void closedClient_rejectsNewWork() {
    client.close();

    assertThatThrownBy(() -> client.setQueryData(A, "a")).isInstanceOf(IllegalStateException.class);
  }

  private List<QueryKey<?>> keys(QueryFilter filter) {
    return client.snapshot().stream()
        .filter(filter::matches)
        .<QueryKey<?>>map(QuerySnapshot::key)
        .toList();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("start signal never came");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
