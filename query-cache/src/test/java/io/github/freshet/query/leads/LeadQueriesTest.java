package io.github.freshet.query.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freshet.client.InternalServerException;
import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.client.leads.FailedJob;
import io.github.freshet.client.leads.Job;
import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.query.FetchStatus;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QueryObserver;
import io.github.freshet.query.QueryOptions;
import io.github.freshet.query.QueryResult;
import io.github.freshet.query.QuerySnapshot;
import io.github.freshet.query.QueryState;
import io.github.freshet.query.QueryStatus;
import io.github.freshet.query.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready-made Lead API queries against a loopback server: the endpoint each one calls, the key
 * it caches under, its stale time, polling of jobs, the dependent contacts query, no retry of a 404
 * on any of them (nor endless polling of a job that does not exist) and cancellation down to the
 * HTTP call. Time is virtual; HTTP is real, so every wait for an answer is bounded (10 s).
 */
final class LeadQueriesTest {
  private static final String TOKEN = "sk-test-lead-queries";
  private static final Duration WAIT = LeadTestKit.WAIT;

  private static final String CONTACTS =
      """
      [{"id":"c_1","name":"Dana Ortiz","title":"Owner","email":"dana@example.com","phone":null},
       {"id":"c_2","name":"Trevor Nguyen","title":null,"email":null,"phone":null}]
      """;
  private static final String FAILED_JOBS =
      """
      [{"id":"job_1","type":"scrape","error":"Timed out","attempts":3,
        "failedAt":"2026-01-01T08:00:00Z"}]
      """;
  private static final String NOT_FOUND =
      "{\"error\":{\"code\":\"not_found\",\"message\":\"No business b_404\"}}";

  private final CancelledCalls httpEvents = new CancelledCalls();
  private LeadTestKit kit;
  private MockWebServer server;
  private OkHttpClient okHttp;
  private LeadQueries queries;
  private VirtualTime time;
  private QueryClient queryClient;

  @BeforeEach
  void setUp() throws IOException {
    kit = LeadTestKit.start(TOKEN, httpEvents);
    server = kit.server;
    okHttp = kit.okHttp;
    queries = LeadQueries.of(kit.leads);
    time = kit.time;
    queryClient = kit.queryClient;
  }

  @AfterEach
  void tearDown() {
    kit.close();
  }

  // ---- Endpoints and keys ----

  @Test
  void list_getsTheFilteredBusinesses_andCachesUnderTheListKey() throws Exception {
    BusinessFilters filters = BusinessFilters.builder().city("Austin").page(2).build();
    json("{\"items\":[" + business(1) + "],\"page\":2,\"pageSize\":20,\"total\":21}");

    BusinessPage page = get(queryClient.fetchQuery(queries.list(filters)));

    RecordedRequest request = expect("GET", "/api/businesses");
    assertThat(request.getUrl().query()).isEqualTo("city=Austin&page=2");
    assertThat(page.page()).isEqualTo(2);
    assertThat(page.items()).extracting(Business::id).containsExactly("b_1");
    assertThat(queries.list(filters).key()).isEqualTo(LeadKeys.list(filters));
    assertThat(queryClient.getQueryData(LeadKeys.list(filters))).isSameAs(page);
    assertThat(cachedKeys()).containsExactly(LeadKeys.list(filters));
  }

  @Test
  void detail_getsOneBusiness_andCachesUnderTheDetailKey() throws Exception {
    json(business(7));

    Business business = get(queryClient.fetchQuery(queries.detail("b_1")));

    expect("GET", "/api/businesses/b_1");
    assertThat(business.id()).isEqualTo("b_1");
    assertThat(business.version()).isEqualTo(7);
    assertThat(queries.detail("b_1").key()).isEqualTo(LeadKeys.detail("b_1"));
    assertThat(queryClient.getQueryData(LeadKeys.detail("b_1"))).isSameAs(business);
    assertThat(cachedKeys()).containsExactly(LeadKeys.detail("b_1"));
  }

  @Test
  void contacts_getsTheContactsOfOneBusiness_andCachesUnderTheContactsKey() throws Exception {
    json(business(1));
    Business business = get(queryClient.fetchQuery(queries.detail("b_1")));
    expect("GET", "/api/businesses/b_1");
    json(CONTACTS);

    List<Contact> contacts = get(queryClient.fetchQuery(queries.contacts("b_1", business)));

    expect("GET", "/api/businesses/b_1/contacts");
    assertThat(contacts).extracting(Contact::id).containsExactly("c_1", "c_2");
    assertThat(queries.contacts("b_1", business).key()).isEqualTo(LeadKeys.contacts("b_1"));
    assertThat(queryClient.getQueryData(LeadKeys.contacts("b_1"))).isSameAs(contacts);
    assertThat(cachedKeys())
        .containsExactlyInAnyOrder(LeadKeys.detail("b_1"), LeadKeys.contacts("b_1"));
  }

  @Test
  void stats_getsTheDashboardStatistics_andCachesUnderTheStatsKey() throws Exception {
    json(stats(3));

    DashboardStats stats = get(queryClient.fetchQuery(queries.stats()));

    expect("GET", "/api/businesses/stats");
    assertThat(stats.totalBusinesses()).isEqualTo(1284);
    assertThat(stats.activeJobs()).isEqualTo(3);
    assertThat(queries.stats().key()).isEqualTo(LeadKeys.stats());
    assertThat(queryClient.getQueryData(LeadKeys.stats())).isSameAs(stats);
    assertThat(cachedKeys()).containsExactly(LeadKeys.stats());
  }

  @Test
  void scrapeStatus_getsTheJobsProgress_andCachesUnderTheScrapeKey() throws Exception {
    json(scrapeJob("running", 40));

    ScrapeJob job = get(queryClient.fetchQuery(queries.scrapeStatus("job_9")));

    expect("GET", "/api/scraper/status/job_9");
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.progress()).isEqualTo(40);
    assertThat(queries.scrapeStatus("job_9").key()).isEqualTo(LeadKeys.scrapeStatus("job_9"));
    assertThat(queryClient.getQueryData(LeadKeys.scrapeStatus("job_9"))).isSameAs(job);
    assertThat(cachedKeys()).containsExactly(LeadKeys.scrapeStatus("job_9"));
  }

  @Test
  void job_getsTheGenericJob_andCachesUnderTheJobKey() throws Exception {
    json(job("queued", 0));

    Job job = get(queryClient.fetchQuery(queries.job("job_3")));

    expect("GET", "/api/jobs/job_3");
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(queries.job("job_3").key()).isEqualTo(LeadKeys.job("job_3"));
    assertThat(queryClient.getQueryData(LeadKeys.job("job_3"))).isSameAs(job);
    assertThat(cachedKeys()).containsExactly(LeadKeys.job("job_3"));
  }

  @Test
  void failedJobs_getsTheFailedJobs_andCachesUnderTheFailedKey() throws Exception {
    json(FAILED_JOBS);

    List<FailedJob> failed = get(queryClient.fetchQuery(queries.failedJobs()));

    expect("GET", "/api/jobs/failed");
    assertThat(failed).extracting(FailedJob::id).containsExactly("job_1");
    assertThat(queries.failedJobs().key()).isEqualTo(LeadKeys.failedJobs());
    assertThat(queryClient.getQueryData(LeadKeys.failedJobs())).isSameAs(failed);
    assertThat(cachedKeys()).containsExactly(LeadKeys.failedJobs());
  }

  // ---- Stale times ----

  @Test
  void list_isFreshUntil10Seconds_thenStale() throws Exception {
    BusinessFilters filters = BusinessFilters.builder().city("Austin").build();
    String page = "{\"items\":[" + business(1) + "],\"page\":1,\"pageSize\":20,\"total\":1}";

    assertFreshFor(queries.list(filters), Duration.ofSeconds(10), page, "/api/businesses");
    assertThat(LeadQueries.LIST_STALE_TIME).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void stats_isFreshUntil30Seconds_thenStale() throws Exception {
    assertFreshFor(queries.stats(), Duration.ofSeconds(30), stats(1), "/api/businesses/stats");
    assertThat(LeadQueries.STATS_STALE_TIME).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void detail_isFreshUntil60Seconds_thenStale() throws Exception {
    assertFreshFor(
        queries.detail("b_1"), Duration.ofSeconds(60), business(1), "/api/businesses/b_1");
    assertThat(LeadQueries.DETAIL_STALE_TIME).isEqualTo(Duration.ofSeconds(60));
  }

  /**
   * Loads a query at t0, then checks at {@code staleTime - 1 ms} that it is fresh (an observer says
   * so and fetches nothing; fetchQuery answers from the cache) and at {@code staleTime} that it is
   * stale (the observer says so; fetchQuery goes to the server again).
   */
  private <T> void assertFreshFor(
      QueryOptions<T> options, Duration staleTime, String body, String path) throws Exception {
    json(body);
    T first = get(queryClient.fetchQuery(options));
    expect("GET", path);
    assertThat(options.staleTime()).isEqualTo(staleTime);

    time.advance(staleTime.minusMillis(1));

    QueryState<T> state = Objects.requireNonNull(queryClient.getQueryState(options.key()));
    assertThat(state.isStale(staleTime, time.now())).isFalse();
    Results<T> results = new Results<>();
    try (QueryObserver<T> observer = queryClient.observer(options)) {
      observer.subscribe(results);
      assertThat(observer.current().stale()).isFalse();
      assertThat(observer.current().isFetching()).isFalse();
      assertThat(get(queryClient.fetchQuery(options))).isSameAs(first);
      assertThat(server.getRequestCount()).isEqualTo(1);

      time.advance(Duration.ofMillis(1));

      assertThat(state.isStale(staleTime, time.now())).isTrue();
      assertThat(observer.current().stale()).isTrue();
      assertThat(results.last().stale()).as("the listener heard it went stale").isTrue();
      assertThat(server.getRequestCount()).as("going stale fetches nothing").isEqualTo(1);

      json(body);
      T second = get(queryClient.fetchQuery(options));

      expect("GET", path);
      assertThat(second).isEqualTo(first);
      assertThat(observer.current().stale()).isFalse();
    }
  }

  // ---- Polling ----

  @Test
  void scrapeStatus_pollsEverySecondWhileRunning_andStopsOnceCompleted() throws Exception {
    json(scrapeJob("running", 10));
    json(scrapeJob("running", 50));
    json(scrapeJob("completed", 100));
    QueryKey<ScrapeJob> key = LeadKeys.scrapeStatus("job_9");
    Results<ScrapeJob> results = new Results<>();

    try (QueryObserver<ScrapeJob> observer = queryClient.observer(queries.scrapeStatus("job_9"))) {
      observer.subscribe(results);
      awaitIdle();
      expect("GET", "/api/scraper/status/job_9");
      assertThat(data(observer).progress()).isEqualTo(10);

      time.advance(Duration.ofMillis(999));
      assertThat(queryClient.isFetching(QueryFilter.all())).as("no poll before 1 s").isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);

      time.advance(Duration.ofMillis(1));
      awaitIdle();
      expect("GET", "/api/scraper/status/job_9");
      assertThat(data(observer).progress()).isEqualTo(50);

      time.advance(Duration.ofSeconds(1));
      awaitIdle();
      expect("GET", "/api/scraper/status/job_9");
      assertThat(data(observer).state()).isEqualTo(JobState.COMPLETED);
      assertThat(data(observer).isDone()).isTrue();

      for (int second = 0; second < 10; second++) {
        time.advance(Duration.ofSeconds(1));
        assertThat(queryClient.isFetching(QueryFilter.all())).as("no poll once done").isZero();
      }
      awaitIdle();
      awaitCompletedDelivered(results, ScrapeJob::progress);
      assertThat(server.getRequestCount()).isEqualTo(3);
      assertThat(Objects.requireNonNull(queryClient.getQueryState(key)).dataUpdateCount())
          .isEqualTo(3);
      assertThat(results.all())
          .filteredOn(r -> r.data() != null && !r.isFetching())
          .extracting(r -> Objects.requireNonNull(r.data()).progress())
          .containsExactly(10, 50, 100);
    }
  }

  @Test
  void scrapeStatus_aFailedJobIsTerminal_soPollingStopsAtOnce() throws Exception {
    json(scrapeJob("failed", 30));
    Results<ScrapeJob> results = new Results<>();

    try (QueryObserver<ScrapeJob> observer = queryClient.observer(queries.scrapeStatus("job_9"))) {
      observer.subscribe(results);
      awaitIdle();
      assertThat(data(observer).state()).isEqualTo(JobState.FAILED);

      time.advance(Duration.ofSeconds(10));

      assertThat(queryClient.isFetching(QueryFilter.all())).isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void scrapeStatus_anUnknownState_keepsPolling() throws Exception {
    json(scrapeJob("paused", 30));
    json(scrapeJob("completed", 100));
    Results<ScrapeJob> results = new Results<>();

    try (QueryObserver<ScrapeJob> observer = queryClient.observer(queries.scrapeStatus("job_9"))) {
      observer.subscribe(results);
      awaitIdle();
      assertThat(data(observer).state().isKnown()).isFalse();

      time.advance(Duration.ofSeconds(1));
      awaitIdle();

      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(data(observer).isDone()).isTrue();
    }
  }

  @Test
  void job_pollsEverySecondWhileNotTerminal_andStopsOnceCompleted() throws Exception {
    json(job("queued", 0));
    json(job("running", 50));
    json(job("completed", 100));
    Results<Job> results = new Results<>();

    try (QueryObserver<Job> observer = queryClient.observer(queries.job("job_3"))) {
      observer.subscribe(results);
      awaitIdle();
      expect("GET", "/api/jobs/job_3");
      assertThat(data(observer).state()).isEqualTo(JobState.QUEUED);

      time.advance(Duration.ofMillis(999));
      assertThat(queryClient.isFetching(QueryFilter.all())).as("no poll before 1 s").isZero();

      time.advance(Duration.ofMillis(1));
      awaitIdle();
      expect("GET", "/api/jobs/job_3");
      assertThat(data(observer).state()).isEqualTo(JobState.RUNNING);

      time.advance(Duration.ofSeconds(1));
      awaitIdle();
      expect("GET", "/api/jobs/job_3");
      assertThat(data(observer).state()).isEqualTo(JobState.COMPLETED);

      for (int second = 0; second < 10; second++) {
        time.advance(Duration.ofSeconds(1));
        assertThat(queryClient.isFetching(QueryFilter.all())).as("no poll once done").isZero();
      }
      awaitIdle();
      awaitCompletedDelivered(results, Job::progress);
      assertThat(server.getRequestCount()).isEqualTo(3);
      assertThat(results.all())
          .filteredOn(r -> r.data() != null && !r.isFetching())
          .extracting(r -> Objects.requireNonNull(r.data()).progress())
          .containsExactly(0, 50, 100);
    }
  }

  @Test
  void job_cancelledIsTerminal_soPollingStopsAtOnce() throws Exception {
    json(job("cancelled", 20));

    try (QueryObserver<Job> observer = queryClient.observer(queries.job("job_3"))) {
      observer.subscribe(new Results<>());
      awaitIdle();

      time.advance(Duration.ofSeconds(10));

      assertThat(queryClient.isFetching(QueryFilter.all())).isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(data(observer).state()).isEqualTo(JobState.CANCELLED);
    }
  }

  @Test
  void polling_stopsWhenTheLastListenerLeaves() throws Exception {
    json(scrapeJob("running", 10));
    Results<ScrapeJob> results = new Results<>();

    try (QueryObserver<ScrapeJob> observer = queryClient.observer(queries.scrapeStatus("job_9"))) {
      QueryObserver.Registration registration = observer.subscribe(results);
      awaitIdle();

      registration.close();
      time.advance(Duration.ofSeconds(10));

      assertThat(queryClient.isFetching(QueryFilter.all())).isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  // ---- Dependent contacts ----

  @Test
  void contacts_withoutTheirBusiness_areDisabled_andFetchNothing() {
    QueryOptions<List<Contact>> options = queries.contacts("b_1", null);
    Results<List<Contact>> results = new Results<>();

    try (QueryObserver<List<Contact>> observer = queryClient.observer(options)) {
      observer.subscribe(results);
      time.advance(Duration.ofMinutes(1));

      assertThat(options.enabled()).isFalse();
      assertThat(server.getRequestCount()).isZero();
      QueryResult<List<Contact>> result = observer.current();
      assertThat(result.status()).isEqualTo(QueryStatus.PENDING);
      assertThat(result.fetchStatus()).isEqualTo(FetchStatus.IDLE);
      assertThat(result.data()).isNull();
      assertThat(result.stale()).as("never stale while disabled").isFalse();
      assertThat(queryClient.isFetching(QueryFilter.all())).isZero();
    }
  }

  @Test
  void contacts_onceTheirBusinessIsLoaded_fetch() throws Exception {
    Results<List<Contact>> results = new Results<>();
    try (QueryObserver<List<Contact>> observer =
        queryClient.observer(queries.contacts("b_1", null))) {
      observer.subscribe(results);
      json(business(1));
      Business business = get(queryClient.fetchQuery(queries.detail("b_1")));
      expect("GET", "/api/businesses/b_1");
      json(CONTACTS);

      observer.setOptions(queries.contacts("b_1", business));

      QueryResult<List<Contact>> loaded = results.await("contacts loaded", QueryResult::isSuccess);
      expect("GET", "/api/businesses/b_1/contacts");
      assertThat(Objects.requireNonNull(loaded.data()))
          .extracting(Contact::name)
          .containsExactly("Dana Ortiz", "Trevor Nguyen");
      assertThat(queryClient.getQueryData(LeadKeys.contacts("b_1"))).isEqualTo(loaded.data());
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void contacts_aNewObserverWithTheBusiness_fetchesOnSubscribe() throws Exception {
    json(business(1));
    Business business = get(queryClient.fetchQuery(queries.detail("b_1")));
    expect("GET", "/api/businesses/b_1");
    json(CONTACTS);
    Results<List<Contact>> results = new Results<>();

    try (QueryObserver<List<Contact>> observer =
        queryClient.observer(queries.contacts("b_1", business))) {
      observer.subscribe(results);

      results.await("contacts loaded", QueryResult::isSuccess);
      expect("GET", "/api/businesses/b_1/contacts");
    }
  }

  // ---- Retries ----

  @Test
  void detail_aNotFound_isNotRetried_evenWithThreeRetriesByDefault() throws Exception {
    respond(404, NOT_FOUND);
    Results<Business> results = new Results<>();

    try (QueryObserver<Business> observer = queryClient.observer(queries.detail("b_404"))) {
      observer.subscribe(results);

      QueryResult<Business> failed = results.await("an error", QueryResult::isError);
      awaitIdle();
      time.advance(Duration.ofMinutes(1)); // Longer than 1 s + 2 s + 4 s of retry delays.
      awaitIdle();

      expect("GET", "/api/businesses/b_404");
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(failed.error()).isInstanceOf(NotFoundException.class);
      assertThat(failed.failureCount()).isEqualTo(1);
      assertThat(failed.data()).isNull();
      QueryState<Business> state =
          Objects.requireNonNull(queryClient.getQueryState(LeadKeys.detail("b_404")));
      assertThat(state.status()).isEqualTo(QueryStatus.ERROR);
      assertThat(state.fetchStatus()).isEqualTo(FetchStatus.IDLE);
      assertThat(observer.current().isError()).isTrue();
    }
  }

  @Test
  void detail_aServerError_isRetried_soTheDefaultRetryIsInForce() throws Exception {
    respond(500, "{\"error\":{\"code\":\"internal\",\"message\":\"oops\"}}");
    json(business(2));
    Results<Business> results = new Results<>();

    try (QueryObserver<Business> observer = queryClient.observer(queries.detail("b_1"))) {
      observer.subscribe(results);

      QueryResult<Business> attempt =
          results.await("a failed attempt", r -> r.failureCount() == 1 && r.isFetching());
      // Taking the entry's lock waits until the failed attempt is fully recorded, retry armed.
      assertThat(queryClient.snapshot()).hasSize(1);
      assertThat(attempt.failureReason()).isInstanceOf(InternalServerException.class);
      expect("GET", "/api/businesses/b_1");

      time.advance(Duration.ofMillis(999));
      assertThat(server.getRequestCount()).isEqualTo(1);
      time.advance(Duration.ofMillis(1));

      QueryResult<Business> loaded = results.await("success", QueryResult::isSuccess);
      expect("GET", "/api/businesses/b_1");
      assertThat(Objects.requireNonNull(loaded.data()).version()).isEqualTo(2);
      assertThat(loaded.failureCount()).isZero();
    }
  }

  @Test
  void detail_fetchQuery_aNotFound_failsWithNotFoundException() throws Exception {
    respond(404, NOT_FOUND);

    CompletableFuture<Business> future = queryClient.fetchQuery(queries.detail("b_404"));

    assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NotFoundException.class);
    expect("GET", "/api/businesses/b_404");
  }

  @Test
  void stats_aNotFound_isNotRetried() {
    assertNotRetried(queries.stats());
  }

  @Test
  void list_aNotFound_isNotRetried() {
    assertNotRetried(queries.list(BusinessFilters.none()));
  }

  @Test
  void failedJobs_aNotFound_isNotRetried() {
    assertNotRetried(queries.failedJobs());
  }

  @Test
  void scrapeStatus_ofAJobThatDoesNotExist_stopsPolling() {
    for (int i = 0; i < 5; i++) {
      respond(404, NOT_FOUND);
    }
    try (QueryObserver<?> observer = queryClient.observer(queries.scrapeStatus("nope"))) {
      observer.subscribe(r -> {});
      awaitIdle();
      for (int i = 0; i < 3; i++) {
        time.advance(Duration.ofSeconds(1));
        awaitIdle();
      }
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  /**
   * With more 404s queued than the default retries need, observes a query until it fails, moving
   * time on while it waits so that any retry would be made, and checks that only one request went.
   */
  private <T> void assertNotRetried(QueryOptions<T> options) {
    for (int i = 0; i < 4; i++) {
      respond(404, NOT_FOUND);
    }
    Results<T> results = new Results<>();
    try (QueryObserver<T> observer = queryClient.observer(options)) {
      observer.subscribe(results);
      results.await("an error", QueryResult::isError, () -> time.advance(Duration.ofMillis(100)));
      assertThat(results.all()).anyMatch(QueryResult::isError);
      assertThat(observer.current().error()).isInstanceOf(NotFoundException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  // ---- Cancellation ----

  @Test
  void cancel_aDetailFetchInFlight_closesTheHttpCall_andRevertsToTheEmptyEntry() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    QueryKey<Business> key = LeadKeys.detail("b_1");

    CompletableFuture<Business> fetch = queryClient.fetchQuery(queries.detail("b_1"));
    expect("GET", "/api/businesses/b_1");
    assertThat(queryClient.isFetching(QueryFilter.exact(key))).isEqualTo(1);

    queryClient.cancelQueries(QueryFilter.exact(key));

    assertThatThrownBy(() -> fetch.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    httpEvents.awaitCancelledAndFailed();
    QueryState<Business> state = Objects.requireNonNull(queryClient.getQueryState(key));
    assertThat(state).isEqualTo(QueryState.<Business>initial());
    assertThat(queryClient.isFetching(QueryFilter.all())).isZero();
    await("the OkHttp call to end", () -> okHttp.dispatcher().runningCallsCount() == 0);
  }

  @Test
  void cancel_aDetailRefetchInFlight_closesTheHttpCall_andKeepsTheDataFromBefore()
      throws Exception {
    json(business(1));
    Business before = get(queryClient.fetchQuery(queries.detail("b_1")));
    expect("GET", "/api/businesses/b_1");
    time.advance(Duration.ofSeconds(60));
    QueryKey<Business> key = LeadKeys.detail("b_1");
    QueryState<Business> stateBefore = Objects.requireNonNull(queryClient.getQueryState(key));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    CompletableFuture<Business> refetch = queryClient.fetchQuery(queries.detail("b_1"));
    expect("GET", "/api/businesses/b_1");
    assertThat(queryClient.isFetching(QueryFilter.exact(key))).isEqualTo(1);

    queryClient.cancelQueries(QueryFilter.exact(key));

    assertThat(refetch.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(before);
    httpEvents.awaitCancelledAndFailed();
    assertThat(queryClient.getQueryState(key)).isEqualTo(stateBefore);
    assertThat(queryClient.getQueryData(key)).isSameAs(before);
    await("the OkHttp call to end", () -> okHttp.dispatcher().runningCallsCount() == 0);
  }

  // ---- Placeholder ----

  @Test
  void list_keepsThePreviousPageOnScreen_whileTheNextLoads() throws Exception {
    BusinessFilters first = BusinessFilters.builder().city("Austin").build();
    json("{\"items\":[" + business(1) + "],\"page\":1,\"pageSize\":1,\"total\":2}");
    Results<BusinessPage> results = new Results<>();

    try (QueryObserver<BusinessPage> observer = queryClient.observer(queries.list(first))) {
      observer.subscribe(results);
      BusinessPage pageOne =
          Objects.requireNonNull(results.await("page 1", QueryResult::isSuccess).data());
      awaitIdle();
      json("{\"items\":[],\"page\":2,\"pageSize\":1,\"total\":2}");

      observer.setOptions(queries.list(first.withPage(2)));

      QueryResult<BusinessPage> loaded =
          results.await("page 2", r -> r.data() != null && r.data().page() == 2);
      assertThat(loaded.placeholder()).isFalse();
      assertThat(results.all())
          .anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(LeadKeys.list(first.withPage(2)));
            assertThat(r.placeholder()).isTrue();
            assertThat(r.data()).isSameAs(pageOne);
            assertThat(r.isFetching()).isTrue();
          });
    }
  }

  // ---- Helpers ----

  private List<QueryKey<?>> cachedKeys() {
    return queryClient.snapshot().stream().<QueryKey<?>>map(QuerySnapshot::key).toList();
  }

  private static <T> T data(QueryObserver<T> observer) {
    return Objects.requireNonNull(observer.current().data(), "the observer has no data");
  }

  private static String business(int version) {
    return """
    {"id":"b_1","name":"Hill Country Plumbing","category":"plumber",
     "address":"1200 Barton Springs Rd","city":"Austin","phone":"+1 512-555-0142",
     "website":"https://hillcountryplumbing.example","email":null,
     "rating":4.6,"status":"qualified","enrichment":"enriched",
     "contacts":[{"id":"c_1","name":"Dana Ortiz","title":"Owner","email":null,"phone":null}],
     "version":%d,"createdAt":"2026-01-01T09:30:00Z","updatedAt":"2026-01-01T10:00:00Z"}
    """
        .formatted(version);
  }

  private static String stats(int activeJobs) {
    return """
    {"totalBusinesses":1284,"withEmail":913,"withWebsite":1057,"enriched":642,
     "byStatus":{"new":701,"qualified":149},"byCategory":{"plumber":402},
     "activeJobs":%d,"failedJobs":2,"generatedAt":"2026-01-01T10:15:30Z"}
    """
        .formatted(activeJobs);
  }

  private static String scrapeJob(String state, int progress) {
    return """
    {"jobId":"job_9","state":"%s","progress":%d,"found":12,"saved":9,"error":null,
     "city":"Austin","category":"plumber","createdAt":"2026-01-01T10:00:00Z",
     "updatedAt":"2026-01-01T10:00:04Z","finishedAt":null}
    """
        .formatted(state, progress);
  }

  private static String job(String state, int progress) {
    return """
    {"id":"job_3","type":"enrichment","state":"%s","progress":%d,"attempts":1,
     "error":null,"createdAt":"2026-01-01T10:00:00Z","updatedAt":"2026-01-01T10:01:00Z"}
    """
        .formatted(state, progress);
  }

  private void json(String body) {
    respond(200, body);
  }

  private void respond(int code, String body) {
    server.enqueue(LeadTestKit.json(code, body));
  }

  private RecordedRequest expect(String method, String path) throws InterruptedException {
    RecordedRequest request = server.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(request).as("a request within %s", WAIT).isNotNull();
    Objects.requireNonNull(request);
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    return request;
  }

  private static <T> T get(CompletableFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return LeadTestKit.get(future);
  }

  /** Waits until no fetch is in flight: the answer came back on an OkHttp thread and settled. */
  private void awaitIdle() {
    await("every fetch to settle", () -> queryClient.isFetching(QueryFilter.all()) == 0);
  }

  /**
   * Waits for the listener to hear of the completed job: {@link #awaitIdle} reads the entry's
   * state, which is published before the listeners run on the OkHttp thread.
   */
  private static <T> void awaitCompletedDelivered(Results<T> results, ToIntFunction<T> progress) {
    results.await(
        "the completed result delivered",
        r -> {
          T data = r.data();
          return data != null && !r.isFetching() && progress.applyAsInt(data) == 100;
        });
  }

  private static void await(String what, BooleanSupplier condition) {
    LeadTestKit.await(what, condition);
  }

  /** Every result a listener received, from whichever thread delivered it. */
  private static final class Results<T> implements Consumer<QueryResult<T>> {
    private final List<QueryResult<T>> seen = new CopyOnWriteArrayList<>();

    @Override
    public void accept(QueryResult<T> result) {
      seen.add(result);
    }

    List<QueryResult<T>> all() {
      return List.copyOf(seen);
    }

    QueryResult<T> last() {
      assertThat(seen).isNotEmpty();
      return seen.get(seen.size() - 1);
    }

    /** Waits (bounded) for a result that matches, and returns the first one that does. */
    QueryResult<T> await(String what, Predicate<QueryResult<T>> condition) {
      return await(what, condition, () -> {});
    }

    /**
     * Waits (bounded) for a result that matches, running {@code meanwhile} after each look that
     * finds none, and returns the first one that does.
     */
    QueryResult<T> await(String what, Predicate<QueryResult<T>> condition, Runnable meanwhile) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        for (QueryResult<T> result : seen) {
          if (condition.test(result)) {
            return result;
          }
        }
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("No result " + what + " within " + WAIT + "; saw " + seen);
        }
        meanwhile.run();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }

  /** Records OkHttp's cancel and failure events: how a test sees an HTTP call being closed. */
  private static final class CancelledCalls extends EventListener {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);

    @Override
    public void canceled(Call call) {
      cancelled.countDown();
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
      failed.countDown();
    }

    void awaitCancelledAndFailed() throws InterruptedException {
      assertThat(cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("OkHttp call cancelled")
          .isTrue();
      assertThat(failed.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("OkHttp call ended with a failure")
          .isTrue();
    }
  }
}
