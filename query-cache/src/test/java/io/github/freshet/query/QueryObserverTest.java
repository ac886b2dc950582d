package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Observers on virtual time: fetch on subscribe, sharing, retries, polling, options. */
final class QueryObserverTest {
  private static final QueryKey<String> KEY = QueryKey.of("todos", 1);

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client = TestClients.onVirtualTime(time);
  private final ManualFetcher<String> fetcher = new ManualFetcher<>();

  @AfterEach
  void tearDown() {
    client.close();
  }

  private QueryState<String> state() {
    return Objects.requireNonNull(client.getQueryState(KEY), "no entry");
  }

  private QueryOptions.Builder<String> options() {
    return QueryOptions.builder(KEY, fetcher);
  }

  @Test
  void subscribe_fetchesMissingData_andDeliversEachChange() {
    QueryObserver<String> observer = client.observer(options().build());
    RecordingListener<String> listener = new RecordingListener<>();

    observer.subscribe(listener);

    QueryResult<String> loading = listener.next();
    assertThat(loading.status()).isEqualTo(QueryStatus.PENDING);
    assertThat(loading.isLoading()).as("the first result already says FETCHING").isTrue();
    listener.assertExhausted();
    assertThat(fetcher.count()).isEqualTo(1);

    fetcher.succeed("milk");

    QueryResult<String> loaded = listener.next();
    assertThat(loaded.status()).isEqualTo(QueryStatus.SUCCESS);
    assertThat(loaded.fetchStatus()).isEqualTo(FetchStatus.IDLE);
    assertThat(loaded.data()).isEqualTo("milk");
    assertThat(loaded.dataUpdatedAt()).isEqualTo(time.now());
    assertThat(loaded.stale()).isTrue(); // staleTime 0
    listener.assertExhausted();
  }

  @Test
  void staleTimeZero_refetchesForEveryNewObserver() {
    client.setQueryData(KEY, "milk");

    client.observer(options().build()).subscribe(new RecordingListener<>());
    fetcher.succeed("milk");
    client.observer(options().build()).subscribe(new RecordingListener<>());

    assertThat(fetcher.count()).isEqualTo(2);
  }

  @Test
  void freshData_isServedWithoutARequest() {
    QueryOptions<String> fresh = options().staleTime(Duration.ofMinutes(1)).build();
    client.setQueryData(KEY, "milk");
    RecordingListener<String> listener = new RecordingListener<>();

    client.observer(fresh).subscribe(listener);

    assertThat(fetcher.count()).isZero();
    assertThat(listener.next().data()).isEqualTo("milk");
    listener.assertExhausted();
  }

  @Test
  void staleTimer_tellsListenersWhenDataTurnsStale() {
    QueryObserver<String> observer =
        client.observer(options().staleTime(Duration.ofSeconds(10)).build());
    RecordingListener<String> listener = new RecordingListener<>();
    observer.subscribe(listener);
    fetcher.succeed("milk");
    assertThat(listener.latest().stale()).isFalse();

    time.advance(Duration.ofMillis(9_999));
    listener.assertExhausted();
    time.advance(Duration.ofMillis(1));

    assertThat(listener.next().stale()).isTrue();
    listener.assertExhausted();
    assertThat(fetcher.count()).isEqualTo(1); // Staleness alone does not refetch.
  }

  @Test
  void secondObserver_sharesTheFetchInFlight() {
    RecordingListener<String> a = new RecordingListener<>();
    RecordingListener<String> b = new RecordingListener<>();
    client.observer(options().build()).subscribe(a);

    client.observer(options().build()).subscribe(b);
    fetcher.succeed("milk");

    assertThat(fetcher.count()).isEqualTo(1);
    assertThat(a.latest().data()).isEqualTo("milk");
    assertThat(b.latest().data()).isEqualTo("milk");
  }

  @Test
  void retries_followTheDefaultDelays_andCountFailures() {
    RecordingListener<String> listener = new RecordingListener<>();
    client.observer(options().build()).subscribe(listener);

    fetcher.fail(new IllegalStateException("boom 1"));
    QueryResult<String> afterFirst = listener.latest();
    assertThat(afterFirst.failureCount()).isEqualTo(1);
    assertThat(afterFirst.failureReason()).hasMessage("boom 1");
    assertThat(afterFirst.fetchStatus()).isEqualTo(FetchStatus.FETCHING);
    assertThat(afterFirst.status()).isEqualTo(QueryStatus.PENDING);

    time.advance(Duration.ofMillis(999));
    assertThat(fetcher.count()).isEqualTo(1);
    time.advance(Duration.ofMillis(1));
    assertThat(fetcher.count()).isEqualTo(2);
    assertThat(fetcher.last().context().attempt()).isEqualTo(2);

    fetcher.fail(new IllegalStateException("boom 2"));
    assertThat(listener.latest().failureCount()).isEqualTo(2);
    time.advance(Duration.ofMillis(1_999));
    assertThat(fetcher.count()).isEqualTo(2);
    time.advance(Duration.ofMillis(1));
    assertThat(fetcher.count()).isEqualTo(3);

    fetcher.succeed("milk");
    QueryResult<String> done = listener.latest();
    assertThat(done.data()).isEqualTo("milk");
    assertThat(done.failureCount()).isZero();
    assertThat(done.failureReason()).isNull();
  }

  @Test
  void fetchThatKeepsFailing_endsInErrorAfterThreeRetries_withTheLastError() {
    RecordingListener<String> listener = new RecordingListener<>();
    client.observer(options().build()).subscribe(listener);

    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(fetcher.count()).isEqualTo(attempt);
      fetcher.fail(new IllegalStateException("boom " + attempt));
      time.advance(Duration.ofSeconds(30));
    }

    assertThat(fetcher.count()).isEqualTo(4);
    QueryResult<String> failed = listener.latest();
    assertThat(failed.status()).isEqualTo(QueryStatus.ERROR);
    assertThat(failed.fetchStatus()).isEqualTo(FetchStatus.IDLE);
    assertThat(failed.error()).hasMessage("boom 4");
    assertThat(failed.failureCount()).isEqualTo(4);
    assertThat(failed.errorUpdatedAt()).isNotNull();
    assertThat(state().invalidated()).isTrue();
  }

  @Test
  void retryDelay_isCappedAtThirtySeconds() {
    RetryDelay delay = RetryDelay.exponential();

    assertThat(delay.delay(0, new RuntimeException())).isEqualTo(Duration.ofSeconds(1));
    assertThat(delay.delay(3, new RuntimeException())).isEqualTo(Duration.ofSeconds(8));
    assertThat(delay.delay(4, new RuntimeException())).isEqualTo(Duration.ofSeconds(16));
    assertThat(delay.delay(5, new RuntimeException())).isEqualTo(Duration.ofSeconds(30));
    assertThat(delay.delay(60, new RuntimeException())).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retryIf_failsAtOnceForErrorsItRejects() {
    client
        .observer(options().retryIf(e -> !(e instanceof IllegalArgumentException)).build())
        .subscribe(new RecordingListener<>());

    fetcher.fail(new IllegalArgumentException("not found"));
    time.advance(Duration.ofMinutes(1));

    assertThat(fetcher.count()).isEqualTo(1);
    assertThat(state().status()).isEqualTo(QueryStatus.ERROR);
  }

  @Test
  void refetchInterval_keepsPollingAfterAnError_andStopsWhenItSaysStop() {
    QueryOptions<String> polling =
        options()
            .retry(0)
            .refetchInterval(state -> "done".equals(state.data()) ? null : Duration.ofSeconds(1))
            .build();
    client.observer(polling).subscribe(new RecordingListener<>());

    fetcher.fail(new IllegalStateException("down"));
    assertThat(state().status()).isEqualTo(QueryStatus.ERROR);
    time.advance(Duration.ofSeconds(1));
    assertThat(fetcher.count()).isEqualTo(2);
    fetcher.succeed("running");
    time.advance(Duration.ofSeconds(1));
    assertThat(fetcher.count()).isEqualTo(3);
    fetcher.succeed("done");

    time.advance(Duration.ofMinutes(10));

    assertThat(fetcher.count()).isEqualTo(3);
  }

  @Test
  void refetchInterval_dedupesWithAFetchInFlight() {
    client
        .observer(options().retry(0).refetchInterval(Duration.ofSeconds(1)).build())
        .subscribe(new RecordingListener<>());

    time.advance(Duration.ofSeconds(5)); // The first fetch never answers.

    assertThat(fetcher.count()).isEqualTo(1);
  }

  @Test
  void unsubscribingMidFetch_andResubscribing_reusesTheFetch() {
    QueryObserver<String> observer = client.observer(options().build());
    QueryObserver.Registration registration = observer.subscribe(new RecordingListener<>());
    assertThat(fetcher.count()).isEqualTo(1);

    registration.close();
    RecordingListener<String> again = new RecordingListener<>();
    observer.subscribe(again);
    fetcher.succeed("milk");

    assertThat(fetcher.count()).isEqualTo(1);
    assertThat(fetcher.call(0).context().isCancelled()).isFalse();
    assertThat(again.latest().data()).isEqualTo("milk");
  }

  @Test
  void offline_pausesTheFetch_andOnlineResumesIt() {
    client.setOnline(false);
    RecordingListener<String> listener = new RecordingListener<>();
    client.observer(options().build()).subscribe(listener);

    assertThat(fetcher.count()).isZero();
    assertThat(listener.latest().fetchStatus()).isEqualTo(FetchStatus.PAUSED);
    assertThat(client.isFetching(QueryFilter.all())).isZero();

    client.setOnline(true);

    assertThat(fetcher.count()).isEqualTo(1);
    assertThat(listener.latest().fetchStatus()).isEqualTo(FetchStatus.FETCHING);
    fetcher.succeed("milk");
    assertThat(listener.latest().data()).isEqualTo("milk");
  }

  @Test
  void offline_pausesAPendingRetry_andOnlineRunsItAtOnce() {
    RecordingListener<String> listener = new RecordingListener<>();
    client.observer(options().build()).subscribe(listener);
    fetcher.fail(new IllegalStateException("boom"));
    client.setOnline(false);

    time.advance(Duration.ofSeconds(1)); // The retry falls due while offline.

    assertThat(fetcher.count()).isEqualTo(1);
    QueryResult<String> paused = listener.latest();
    assertThat(paused.fetchStatus()).isEqualTo(FetchStatus.PAUSED);
    assertThat(paused.failureCount()).isEqualTo(1);

    client.setOnline(true);

    assertThat(fetcher.count()).isEqualTo(2);
    assertThat(fetcher.last().context().attempt()).isEqualTo(2);
  }

  @Test
  void online_refetchesStaleActiveQueries() {
    client.observer(options().build()).subscribe(new RecordingListener<>());
    fetcher.succeed("milk");
    client.setOnline(false);

    client.setOnline(true);

    assertThat(fetcher.count()).isEqualTo(2);
  }

  @Test
  void equalUpdate_notifiesNoOne() {
    QueryObserver<String> observer =
        client.observer(options().staleTime(Duration.ofHours(1)).build());
    client.setQueryData(KEY, "milk");
    RecordingListener<String> listener = new RecordingListener<>();
    observer.subscribe(listener);
    listener.latest();

    String kept = client.updateQueryData(KEY, previous -> new String("milk"));

    listener.assertExhausted();
    assertThat(kept).isSameAs(client.getQueryData(KEY));
    assertThat(state().dataUpdateCount()).isEqualTo(1);
  }

  @Test
  void updaterReturningNull_changesAndCreatesNothing() {
    assertThat(client.updateQueryData(KEY, previous -> null)).isNull();
    assertThat(client.getQueryState(KEY)).isNull();
  }

  @Test
  void equalFetchResult_keepsTheCachedInstance() {
    client.observer(options().build()).subscribe(new RecordingListener<>());
    String first = new String("milk");
    fetcher.succeed(first);

    var unused = client.refetchQueries(QueryFilter.exact(KEY));
    fetcher.succeed(new String("milk"));

    assertThat(client.getQueryData(KEY)).isSameAs(first);
    assertThat(state().dataUpdateCount()).isEqualTo(2);
  }

  @Test
  void placeholderData_keepsThePreviousPageWhileTheNextLoads() {
    ManualFetcher<String> pages = new ManualFetcher<>();
    QueryOptions<String> page1 =
        QueryOptions.builder(QueryKey.<String>of("page", 1), pages).keepPreviousData().build();
    QueryOptions<String> page2 =
        QueryOptions.builder(QueryKey.<String>of("page", 2), pages).keepPreviousData().build();
    QueryObserver<String> observer = client.observer(page1);
    RecordingListener<String> listener = new RecordingListener<>();
    observer.subscribe(listener);
    pages.succeed("page one");
    listener.latest();

    observer.setOptions(page2);

    QueryResult<String> loading = listener.latest();
    assertThat(loading.key()).isEqualTo(QueryKey.of("page", 2));
    assertThat(loading.data()).isEqualTo("page one");
    assertThat(loading.placeholder()).isTrue();
    assertThat(loading.status()).isEqualTo(QueryStatus.SUCCESS);
    assertThat(loading.isFetching()).isTrue();
    assertThat(client.getQueryData(QueryKey.<String>of("page", 2))).isNull();

    pages.succeed("page two");

    QueryResult<String> loaded = listener.latest();
    assertThat(loaded.data()).isEqualTo("page two");
    assertThat(loaded.placeholder()).isFalse();
    assertThat(client.snapshot())
        .filteredOn(s -> s.key().equals(QueryKey.of("page", 1)))
        .singleElement()
        .satisfies(s -> assertThat(s.observers()).isZero());
  }

  @Test
  void disabledQuery_neverFetches_untilEnabled() {
    QueryObserver<String> observer = client.observer(options().enabled(false).build());
    RecordingListener<String> listener = new RecordingListener<>();
    observer.subscribe(listener);
    time.advance(Duration.ofMinutes(10));
    var unused = client.invalidateQueries(QueryFilter.all());

    assertThat(fetcher.count()).isZero();
    QueryResult<String> idle = listener.latest();
    assertThat(idle.status()).isEqualTo(QueryStatus.PENDING);
    assertThat(idle.stale()).isFalse();

    observer.setOptions(options().enabled(true).build());

    assertThat(fetcher.count()).isEqualTo(1);
  }

  @Test
  void disabledQuery_fetchesOnExplicitRefetch() throws Exception {
    QueryObserver<String> observer = client.observer(options().enabled(false).build());
    observer.subscribe(new RecordingListener<>());

    var result = observer.refetch();
    fetcher.succeed("milk");

    assertThat(result.get(1, java.util.concurrent.TimeUnit.SECONDS).data()).isEqualTo("milk");
  }

  @Test
  void listenerThatThrows_doesNotStopTheOthers() {
    QueryObserver<String> observer = client.observer(options().build());
    observer.subscribe(result -> {
      throw new IllegalStateException("listener bug");
    });
    RecordingListener<String> healthy = new RecordingListener<>();
    observer.subscribe(healthy);

    fetcher.succeed("milk");

    assertThat(healthy.latest().data()).isEqualTo("milk");
  }

  @Test
  void listenersOfOneObserver_getResultsInOrder_evenWhenAListenerWritesData() {
    QueryObserver<String> observer =
        client.observer(options().staleTime(Duration.ofHours(1)).build());
    client.setQueryData(KEY, "a");
    RecordingListener<String> recorder = new RecordingListener<>();
    observer.subscribe(result -> {
      if ("b".equals(result.data())) {
        client.setQueryData(KEY, "c"); // Re-entrant write from a listener.
      }
    });
    observer.subscribe(recorder);
    recorder.latest();

    client.setQueryData(KEY, "b");

    assertThat(List.of(recorder.next().data(), recorder.next().data())).containsExactly("b", "c");
    recorder.assertExhausted();
  }

  @Test
  void refetchAfterTheEntryWasRemoved_fetchesIntoTheCacheAgain() throws Exception {
    QueryObserver<String> observer = client.observer(options().build());
    RecordingListener<String> listener = new RecordingListener<>();
    observer.subscribe(listener);
    fetcher.succeed("milk");
    client.removeQueries(QueryFilter.exact(KEY));

    var refetched = observer.refetch();
    fetcher.succeed("bread");

    assertThat(refetched.get(1, java.util.concurrent.TimeUnit.SECONDS).data()).isEqualTo("bread");
    assertThat(client.getQueryData(KEY)).isEqualTo("bread");
    assertThat(client.snapshot()).singleElement().satisfies(s -> assertThat(s.observers()).isOne());
    assertThat(listener.latest().data()).isEqualTo("bread");
  }

  @Test
  void staleTimer_doesNotPostponePolling() {
    QueryOptions<String> polling =
        options().staleTime(Duration.ofSeconds(5)).refetchInterval(Duration.ofSeconds(10)).build();
    client.observer(polling).subscribe(new RecordingListener<>());
    fetcher.succeed("v1");

    time.advance(Duration.ofSeconds(10));
    assertThat(fetcher.count())
        .as("polled at 10 s, though the data turned stale at 5 s")
        .isEqualTo(2);
    fetcher.succeed("v2");
    time.advance(Duration.ofSeconds(10));

    assertThat(fetcher.count()).isEqualTo(3);
  }

  @Test
  void setOptionsOnTheSameKey_doesNotRefetch() {
    QueryObserver<String> observer = client.observer(options().build());
    observer.subscribe(new RecordingListener<>());
    fetcher.succeed("milk");

    observer.setOptions(options().retry(1).build());

    assertThat(fetcher.count()).isEqualTo(1);
  }

  @Test
  void zeroGcTime_stillKeepsAnObservedEntry() {
    QueryOptions<String> noGc = options().gcTime(Duration.ZERO).build();
    RecordingListener<String> listener = new RecordingListener<>();
    client.observer(noGc).subscribe(listener);
    fetcher.succeed("milk");
    time.advance(Duration.ofMinutes(1));

    client.observer(noGc).subscribe(new RecordingListener<>());

    assertThat(client.getQueryData(KEY)).isEqualTo("milk");
    assertThat(fetcher.count()).as("the second observer found the entry, stale").isEqualTo(2);
    assertThat(client.snapshot())
        .singleElement()
        .satisfies(s -> assertThat(s.observers()).isEqualTo(2));
  }

  @Test
  void listenerThrowingAnError_doesNotWedgeTheEntry() {
    QueryObserver<String> observer = client.observer(options().build());
    RecordingListener<String> healthy = new RecordingListener<>();
    observer.subscribe(healthy);
    healthy.latest();
    AtomicBoolean thrown = new AtomicBoolean();
    observer.subscribe(result -> {
      if (result.data() != null && thrown.compareAndSet(false, true)) {
        throw new AssertionError("listener assertion");
      }
    });

    try {
      fetcher.succeed("milk");
    } catch (AssertionError expected) {
      // Runs on this thread (same-thread executor), so the Error surfaces here.
    }

    assertThat(state().fetchStatus()).isEqualTo(FetchStatus.IDLE);
    assertThat(client.isFetching(QueryFilter.all())).isZero();
    client.setQueryData(KEY, "bread");
    assertThat(healthy.latest().data()).isEqualTo("bread");
  }

  @Test
  void listenersWritingEachOthersKeys_fromTwoThreads_doNotDeadlock() throws Exception {
    QueryKey<String> a = QueryKey.of("ping");
    QueryKey<String> b = QueryKey.of("pong");
    client.setQueryData(a, "start");
    client.setQueryData(b, "start");
    client
        .observer(QueryOptions.builder(a, fetcher).staleTime(Duration.ofHours(1)).build())
        .subscribe(r -> echo(r, b));
    client
        .observer(QueryOptions.builder(b, fetcher).staleTime(Duration.ofHours(1)).build())
        .subscribe(r -> echo(r, a));

    Thread one = new Thread(() -> write(a, "t1-"));
    Thread two = new Thread(() -> write(b, "t2-"));
    one.start();
    two.start();
    one.join(30_000);
    two.join(30_000);

    assertThat(one.isAlive() || two.isAlive()).as("deadlocked").isFalse();
  }

  private void echo(QueryResult<String> result, QueryKey<String> other) {
    String data = result.data();
    if (data != null && data.startsWith("t")) {
      client.setQueryData(other, "echo " + data);
    }
  }

  private void write(QueryKey<String> key, String prefix) {
    for (int i = 0; i < 500; i++) {
      client.setQueryData(key, prefix + i);
    }
  }

  @Test
  void close_stopsObservingAndPolling() {
    QueryObserver<String> observer =
        client.observer(options().refetchInterval(Duration.ofSeconds(1)).build());
    RecordingListener<String> listener = new RecordingListener<>();
    observer.subscribe(listener);
    fetcher.succeed("milk");
    listener.latest();

    observer.close();
    time.advance(Duration.ofSeconds(10));
    client.setQueryData(KEY, "bread");

    assertThat(fetcher.count()).isEqualTo(1);
    listener.assertExhausted();
    assertThat(client.snapshot())
        .singleElement()
        .satisfies(s -> assertThat(s.observers()).isZero());
  }
}
