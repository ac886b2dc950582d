package io.github.freshet.query.leads;

import static io.github.freshet.query.leads.LeadTestKit.await;
import static io.github.freshet.query.leads.LeadTestKit.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freshet.client.ConflictException;
import io.github.freshet.client.InternalServerException;
import io.github.freshet.client.UnprocessableEntityException;
import io.github.freshet.client.leads.BatchEnrichmentResult;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.EnrichmentResult;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.client.leads.ScrapeRequest;
import io.github.freshet.query.MutationObserver;
import io.github.freshet.query.MutationStatus;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QueryObserver;
import io.github.freshet.query.QuerySnapshot;
import io.github.freshet.query.QueryState;
import io.github.freshet.query.VirtualTime;
import io.github.freshet.query.leads.HeldDispatcher.Exchange;
import io.github.freshet.query.leads.LeadMutations.BusinessPatch;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready-made Lead mutations against a loopback server: the request each one sends, the
 * optimistic change it shows at once in the cached detail and in every cached list, its rollback on
 * failure (exactly the original data, untouched businesses keeping their identity), what it
 * refreshes once settled, and two mutations of one business overlapping.
 *
 * <p>Every request is held by the server until the test answers it, so the optimistic state is
 * observed while the call is in flight, deterministically. Time is virtual; HTTP is real, so every
 * wait is bounded.
 */
final class LeadMutationsTest {
  private static final String TOKEN = "sk-test-lead-mutations";

  private static final Instant CREATED = Instant.parse("2025-11-03T09:30:00Z");
  private static final Instant UPDATED = Instant.parse("2025-12-20T16:05:12Z");
  private static final Instant ON_SERVER = Instant.parse("2026-01-01T00:00:03Z");

  private static final Business PLUMBING =
      business("b_1", "Hill Country Plumbing", BusinessStatus.NEW, EnrichmentState.NONE, 3);
  private static final Business ELECTRIC =
      business("b_2", "Barton Creek Electric", BusinessStatus.QUALIFIED, EnrichmentState.NONE, 5);
  private static final Business ROOFING =
      business("b_3", "Zilker Roofing", BusinessStatus.NEW, EnrichmentState.ENRICHED, 1);
  private static final Business HVAC =
      business("b_4", "Lamar HVAC", BusinessStatus.CONTACTED, EnrichmentState.PENDING, 2);

  private static final BusinessFilters FILTERS_A = BusinessFilters.builder().city("Austin").build();
  private static final BusinessFilters FILTERS_B =
      BusinessFilters.builder().search("hill").sort("-rating").pageSize(2).build();
  private static final BusinessPage PAGE_A =
      new BusinessPage(List.of(PLUMBING, ELECTRIC, ROOFING), 1, 20, 3);
  private static final BusinessPage PAGE_B = new BusinessPage(List.of(HVAC, PLUMBING), 1, 2, 12);

  private static final BusinessUpdate RENAME =
      BusinessUpdate.builder()
          .name("Hill Country Plumbing & Drains")
          .status(BusinessStatus.CONTACTED)
          .build();
  private static final String RENAME_JSON =
      "{\"name\":\"Hill Country Plumbing & Drains\",\"status\":\"contacted\"}";

  private static final String SERVER_ERROR =
      "{\"error\":{\"code\":\"internal\",\"message\":\"enrichment service down\"}}";

  private final HeldDispatcher dispatcher = new HeldDispatcher();
  private LeadTestKit kit;
  private VirtualTime time;
  private QueryClient queryClient;
  private LeadQueries queries;
  private LeadMutations mutations;

  @BeforeEach
  void setUp() throws IOException {
    kit = LeadTestKit.start(TOKEN, dispatcher);
    time = kit.time;
    queryClient = kit.queryClient;
    queries = LeadQueries.of(kit.leads);
    mutations = LeadMutations.of(queryClient, kit.leads);
    queryClient.setQueryData(LeadKeys.detail("b_1"), PLUMBING);
    queryClient.setQueryData(LeadKeys.detail("b_2"), ELECTRIC);
    queryClient.setQueryData(LeadKeys.list(FILTERS_A), PAGE_A);
    queryClient.setQueryData(LeadKeys.list(FILTERS_B), PAGE_B);
  }

  @AfterEach
  void tearDown() {
    dispatcher.close();
    kit.close();
  }

  // ---- enrich ----

  @Test
  void enrich_marksEnrichingEverywhere_thenRefetchesTheDetail() throws Exception {
    try (QueryObserver<Business> observer = queryClient.observer(queries.detail("b_1"))) {
      observer.subscribe(result -> {});
      assertThat(dispatcher.received()).as("a fresh detail fetches nothing").isEmpty();
      MutationObserver<String, EnrichmentResult, Void> enrich =
          queryClient.mutationObserver(mutations.enrich());

      CompletableFuture<EnrichmentResult> done = enrich.mutate("b_1");

      assertThat(detail("b_1")).isEqualTo(marked(PLUMBING));
      assertThat(detail("b_1").enrichment()).isSameAs(EnrichmentState.ENRICHING);
      assertThat(observer.current().data()).isEqualTo(marked(PLUMBING));
      assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), LeadMutationsTest::marked);
      assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), LeadMutationsTest::marked);
      assertThat(detail("b_2")).isSameAs(ELECTRIC);
      assertThat(queryClient.isMutating()).isEqualTo(1);
      assertThat(enrich.current().isPending()).isTrue();

      Exchange post = dispatcher.take("POST", "/api/enrichment/b_1");
      assertRequest(post, "POST", "/api/enrichment/b_1", "");
      assertThat(post.request.getHeaders().get("Idempotency-Key")).isNotBlank();
      assertThat(done).isNotDone();
      Business enriched = enrichedOnServer(PLUMBING);
      dispatcher.stub("GET", "/api/businesses/b_1", LeadTestKit.json(200, toJson(enriched)));
      post.respond(202, toJson(accepted("b_1")));

      assertThat(get(done)).isEqualTo(accepted("b_1"));
      await(
          "the refetched detail",
          () -> enriched.equals(queryClient.getQueryData(LeadKeys.detail("b_1"))));
      assertThat(observer.current().data()).isEqualTo(enriched);
      assertThat(dispatcher.count("GET", "/api/businesses/b_1")).isPositive();
      assertThat(dispatcher.received())
          .extracting(RecordedRequest::getRequestLine)
          .allSatisfy(line ->
              assertThat(line)
                  .isIn("POST /api/enrichment/b_1 HTTP/1.1", "GET /api/businesses/b_1 HTTP/1.1"));
      // Unobserved, the lists are only marked stale; they keep the mark until they next load.
      assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), LeadMutationsTest::marked);
      assertThat(state(LeadKeys.list(FILTERS_A)).invalidated()).isTrue();
      assertThat(state(LeadKeys.list(FILTERS_B)).invalidated()).isTrue();
      assertThat(enrich.current().status()).isEqualTo(MutationStatus.SUCCESS);
      assertThat(enrich.current().data()).isEqualTo(accepted("b_1"));
    }
    assertNoMutationPending();
  }

  @Test
  void enrich_aServerError_removesTheMarkEverywhere_andFailsTheFuture() throws Exception {
    MutationObserver<String, EnrichmentResult, Void> enrich =
        queryClient.mutationObserver(mutations.enrich());

    CompletableFuture<EnrichmentResult> done = enrich.mutate("b_1");

    assertThat(detail("b_1")).isEqualTo(marked(PLUMBING));
    assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), LeadMutationsTest::marked);
    assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), LeadMutationsTest::marked);
    Exchange post = dispatcher.take("POST", "/api/enrichment/b_1");
    assertRequest(post, "POST", "/api/enrichment/b_1", "");

    post.respond(500, SERVER_ERROR);

    assertThatThrownBy(() -> get(done))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InternalServerException.class);
    assertRolledBack();
    assertThat(enrich.current().status()).isEqualTo(MutationStatus.ERROR);
    assertThat(enrich.current().error()).isInstanceOf(InternalServerException.class);
    // Settled: the detail is invalidated; unobserved, it is not refetched.
    assertThat(state(LeadKeys.detail("b_1")).invalidated()).isTrue();
    assertThat(dispatcher.received()).hasSize(1);
    assertNoMutationPending();
  }

  // ---- enrichBatch ----

  @Test
  void enrichBatch_marksEveryBusinessEverywhere_thenRefetchesTheirDetails() throws Exception {
    try (QueryObserver<Business> first = queryClient.observer(queries.detail("b_1"));
        QueryObserver<Business> second = queryClient.observer(queries.detail("b_2"))) {
      first.subscribe(result -> {});
      second.subscribe(result -> {});
      MutationObserver<List<String>, BatchEnrichmentResult, Void> enrich =
          queryClient.mutationObserver(mutations.enrichBatch());

      CompletableFuture<BatchEnrichmentResult> done = enrich.mutate(List.of("b_1", "b_2"));

      assertThat(detail("b_1")).isEqualTo(marked(PLUMBING));
      assertThat(detail("b_2")).isEqualTo(marked(ELECTRIC));
      assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1", "b_2"), LeadMutationsTest::marked);
      assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), LeadMutationsTest::marked);
      Exchange post = dispatcher.take("POST", "/api/enrichment/batch");
      assertRequest(post, "POST", "/api/enrichment/batch", "{\"businessIds\":[\"b_1\",\"b_2\"]}");
      assertThat(post.request.getHeaders().get("Idempotency-Key")).isNotBlank();
      Business plumbing = enrichedOnServer(PLUMBING);
      Business electric = enrichedOnServer(ELECTRIC);
      dispatcher.stub("GET", "/api/businesses/b_1", LeadTestKit.json(200, toJson(plumbing)));
      dispatcher.stub("GET", "/api/businesses/b_2", LeadTestKit.json(200, toJson(electric)));
      BatchEnrichmentResult result =
          new BatchEnrichmentResult(List.of(accepted("b_1"), accepted("b_2")), List.of());

      post.respond(202, toJson(result));

      assertThat(get(done)).isEqualTo(result);
      await(
          "both refetched details",
          () ->
              plumbing.equals(queryClient.getQueryData(LeadKeys.detail("b_1")))
                  && electric.equals(queryClient.getQueryData(LeadKeys.detail("b_2"))));
      assertThat(first.current().data()).isEqualTo(plumbing);
      assertThat(second.current().data()).isEqualTo(electric);
      assertThat(dispatcher.count("POST", "/api/enrichment/batch")).isEqualTo(1);
      assertThat(dispatcher.count("GET", "/api/businesses/b_1")).isPositive();
      assertThat(dispatcher.count("GET", "/api/businesses/b_2")).isPositive();
      assertThat(enrich.current().status()).isEqualTo(MutationStatus.SUCCESS);
    }
    assertNoMutationPending();
  }

  @Test
  void enrichBatch_aServerError_removesEveryMarkEverywhere() throws Exception {
    MutationObserver<List<String>, BatchEnrichmentResult, Void> enrich =
        queryClient.mutationObserver(mutations.enrichBatch());

    CompletableFuture<BatchEnrichmentResult> done = enrich.mutate(List.of("b_1", "b_2"));

    assertThat(detail("b_1")).isEqualTo(marked(PLUMBING));
    assertThat(detail("b_2")).isEqualTo(marked(ELECTRIC));
    assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1", "b_2"), LeadMutationsTest::marked);
    assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), LeadMutationsTest::marked);
    Exchange post = dispatcher.take("POST", "/api/enrichment/batch");
    assertRequest(post, "POST", "/api/enrichment/batch", "{\"businessIds\":[\"b_1\",\"b_2\"]}");

    post.respond(500, SERVER_ERROR);

    assertThatThrownBy(() -> get(done))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InternalServerException.class);
    assertRolledBack();
    assertThat(detail("b_2")).isSameAs(ELECTRIC);
    assertThat(enrich.current().error()).isInstanceOf(InternalServerException.class);
    assertThat(dispatcher.received()).hasSize(1);
    assertNoMutationPending();
  }

  // ---- update ----

  @Test
  void update_showsThePatchEverywhereAtOnce_thenTheServersBusiness() throws Exception {
    try (QueryObserver<Business> observer = queryClient.observer(queries.detail("b_1"))) {
      observer.subscribe(result -> {});
      MutationObserver<BusinessPatch, Business, Void> update =
          queryClient.mutationObserver(mutations.update());

      CompletableFuture<Business> done = update.mutate(new BusinessPatch("b_1", RENAME));

      Business patched = RENAME.applyTo(PLUMBING);
      assertThat(detail("b_1")).isEqualTo(patched);
      assertThat(detail("b_1").name()).isEqualTo("Hill Country Plumbing & Drains");
      assertThat(detail("b_1").status()).isSameAs(BusinessStatus.CONTACTED);
      assertThat(observer.current().data()).isEqualTo(patched);
      assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), RENAME::applyTo);
      assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), RENAME::applyTo);
      Exchange patch = dispatcher.take("PATCH", "/api/businesses/b_1");
      assertRequest(patch, "PATCH", "/api/businesses/b_1", RENAME_JSON);
      assertThat(patch.request.getHeaders().get("Idempotency-Key")).isNotBlank();
      Business onServer = updatedOnServer(PLUMBING);
      dispatcher.stub("GET", "/api/businesses/b_1", LeadTestKit.json(200, toJson(onServer)));

      patch.respond(200, toJson(onServer));

      assertThat(get(done)).isEqualTo(onServer);
      // The detail is observed: the invalidation on success refetches it, after the mutation.
      await(
          "the server's business in the detail",
          () -> onServer.equals(queryClient.getQueryData(LeadKeys.detail("b_1"))));
      assertThat(observer.current().data()).isEqualTo(onServer);
      // The lists keep showing the patch until they next load, and are marked stale for that.
      assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), RENAME::applyTo);
      assertThat(state(LeadKeys.list(FILTERS_A)).invalidated()).isTrue();
      assertThat(state(LeadKeys.list(FILTERS_B)).invalidated()).isTrue();
      assertThat(update.current().status()).isEqualTo(MutationStatus.SUCCESS);
    }
    assertNoMutationPending();
  }

  @Test
  void update_anUnprocessableEntity_rollsThePatchBackEverywhere() throws Exception {
    MutationObserver<BusinessPatch, Business, Void> update =
        queryClient.mutationObserver(mutations.update());

    CompletableFuture<Business> done = update.mutate(new BusinessPatch("b_1", RENAME));

    assertThat(detail("b_1")).isEqualTo(RENAME.applyTo(PLUMBING));
    assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), RENAME::applyTo);
    assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), RENAME::applyTo);
    Exchange patch = dispatcher.take("PATCH", "/api/businesses/b_1");
    assertRequest(patch, "PATCH", "/api/businesses/b_1", RENAME_JSON);

    patch.respond(
        422, "{\"error\":{\"code\":\"validation_failed\",\"message\":\"name is already taken\"}}");

    assertThatThrownBy(() -> get(done))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnprocessableEntityException.class);
    assertRolledBack();
    assertThat(update.current().error()).isInstanceOf(UnprocessableEntityException.class);
    assertThat(dispatcher.received()).hasSize(1);
    assertNoMutationPending();
  }

  // ---- delete ----

  @Test
  void delete_removesTheBusinessFromEveryListAtOnce_andOnFailurePutsItBackInPlace()
      throws Exception {
    MutationObserver<String, String, Void> delete =
        queryClient.mutationObserver(mutations.delete());

    CompletableFuture<String> done = delete.mutate("b_1");

    BusinessPage listA = list(FILTERS_A);
    assertThat(listA.items()).containsExactly(ELECTRIC, ROOFING);
    assertThat(listA.items().get(0)).isSameAs(ELECTRIC);
    assertThat(listA.items().get(1)).isSameAs(ROOFING);
    assertThat(listA.total()).isEqualTo(2);
    assertThat(listA.page()).isEqualTo(1);
    assertThat(listA.pageSize()).isEqualTo(20);
    BusinessPage listB = list(FILTERS_B);
    assertThat(listB.items()).containsExactly(HVAC);
    assertThat(listB.items().get(0)).isSameAs(HVAC);
    assertThat(listB.total()).isEqualTo(11);
    assertThat(detail("b_1")).as("the detail stays until the delete succeeds").isSameAs(PLUMBING);
    Exchange request = dispatcher.take("DELETE", "/api/businesses/b_1");
    assertRequest(request, "DELETE", "/api/businesses/b_1", "");

    request.respond(409, "{\"error\":{\"code\":\"conflict\",\"message\":\"has open jobs\"}}");

    assertThatThrownBy(() -> get(done))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ConflictException.class);
    assertRolledBack();
    assertThat(list(FILTERS_A).items().get(0)).isSameAs(PLUMBING);
    assertThat(list(FILTERS_B).items().get(1)).isSameAs(PLUMBING);
    assertThat(queryClient.getQueryState(LeadKeys.detail("b_1"))).isNotNull();
    assertThat(delete.current().error()).isInstanceOf(ConflictException.class);
    assertThat(dispatcher.received()).hasSize(1);
    assertNoMutationPending();
  }

  // ---- startScrape ----

  @Test
  void startScrape_changesNothing_thenPollsTheJobEverySecond_andRefetchesActiveListsWhenDone()
      throws Exception {
    try (QueryObserver<BusinessPage> active = queryClient.observer(queries.list(FILTERS_A))) {
      active.subscribe(result -> {});
      List<QueryKey<?>> keysBefore = cachedKeys();
      MutationObserver<ScrapeRequest, ScrapeJob, Void> scrape =
          queryClient.mutationObserver(mutations.startScrape());

      CompletableFuture<ScrapeJob> done = scrape.mutate(ScrapeRequest.of("Austin", "plumber"));

      assertThat(list(FILTERS_A)).isSameAs(PAGE_A);
      assertThat(list(FILTERS_B)).isSameAs(PAGE_B);
      assertThat(detail("b_1")).isSameAs(PLUMBING);
      assertThat(cachedKeys()).containsExactlyInAnyOrderElementsOf(keysBefore);
      Exchange post = dispatcher.take("POST", "/api/scraper/scrape");
      assertRequest(
          post, "POST", "/api/scraper/scrape", "{\"city\":\"Austin\",\"category\":\"plumber\"}");
      assertThat(post.request.getHeaders().get("Idempotency-Key")).isNotBlank();
      ScrapeJob started = scrapeJob(JobState.QUEUED, 0);

      post.respond(202, toJson(started));

      assertThat(get(done)).isEqualTo(started);
      QueryKey<ScrapeJob> status = LeadKeys.scrapeStatus("job_9");
      assertThat(queryClient.getQueryData(status)).isEqualTo(started);
      // Seeded without a stale time, the job's entry is stale at once: the watch loads it now.
      answerPoll(scrapeJob(JobState.RUNNING, 10));

      time.advance(Duration.ofMillis(999));
      assertThat(queryClient.isFetching(QueryFilter.exact(status)))
          .as("no poll before 1 s")
          .isZero();
      time.advance(Duration.ofMillis(1));
      answerPoll(scrapeJob(JobState.RUNNING, 60));

      time.advance(Duration.ofSeconds(1));
      answerPoll(scrapeJob(JobState.COMPLETED, 100));

      Exchange refetch = dispatcher.take("GET", "/api/businesses");
      assertRequest(refetch, "GET", "/api/businesses", "");
      assertThat(refetch.request.getUrl().query()).isEqualTo("city=Austin");
      BusinessPage found =
          new BusinessPage(
              List.of(PLUMBING, ELECTRIC, ROOFING, HVAC.withEnrichment(EnrichmentState.NONE)),
              1,
              20,
              4);
      refetch.respond(200, toJson(found));
      await(
          "the refetched list",
          () -> found.equals(queryClient.getQueryData(LeadKeys.list(FILTERS_A))));
      assertThat(active.current().data()).isEqualTo(found);
      assertThat(state(LeadKeys.list(FILTERS_B)).invalidated())
          .as("an inactive list is only marked stale")
          .isTrue();
      assertThat(list(FILTERS_B)).isSameAs(PAGE_B);

      for (int second = 0; second < 10; second++) {
        time.advance(Duration.ofSeconds(1));
        assertThat(queryClient.isFetching(QueryFilter.all())).as("no poll once done").isZero();
      }
      assertThat(dispatcher.count("GET", "/api/scraper/status/job_9")).isEqualTo(3);
      assertThat(dispatcher.received()).hasSize(5);
      assertThat(queryClient.getQueryData(status)).isEqualTo(scrapeJob(JobState.COMPLETED, 100));
      assertThat(state(status).dataUpdateCount()).isEqualTo(4);
    }
    assertNoMutationPending();
  }

  // ---- Overlapping mutations ----

  @Test
  void overlapping_anEnrichThatFailsAfterASucceededUpdate_leavesTheUpdateShowingWithoutTheMark()
      throws Exception {
    MutationObserver<String, EnrichmentResult, Void> enrich =
        queryClient.mutationObserver(mutations.enrich());
    MutationObserver<BusinessPatch, Business, Void> update =
        queryClient.mutationObserver(mutations.update());

    CompletableFuture<EnrichmentResult> enriching = enrich.mutate("b_1");
    CompletableFuture<Business> updating = update.mutate(new BusinessPatch("b_1", RENAME));

    assertThat(detail("b_1")).isEqualTo(renamedAndMarked(PLUMBING));
    assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), LeadMutationsTest::renamedAndMarked);
    assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), LeadMutationsTest::renamedAndMarked);
    Exchange post = dispatcher.take("POST", "/api/enrichment/b_1");
    Exchange patch = dispatcher.take("PATCH", "/api/businesses/b_1");
    assertRequest(post, "POST", "/api/enrichment/b_1", "");
    assertRequest(patch, "PATCH", "/api/businesses/b_1", RENAME_JSON);

    Business onServer = updatedOnServer(PLUMBING);
    patch.respond(200, toJson(onServer));
    assertThat(get(updating)).isEqualTo(onServer);

    // The enrich is still pending: its mark stays on top of the update.
    assertThat(detail("b_1").name()).isEqualTo(onServer.name());
    assertThat(detail("b_1").enrichment()).isSameAs(EnrichmentState.ENRICHING);
    assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), LeadMutationsTest::renamedAndMarked);
    assertThat(enriching).isNotDone();

    post.respond(500, SERVER_ERROR);

    assertThatThrownBy(() -> get(enriching))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InternalServerException.class);
    Business shown = detail("b_1");
    assertThat(shown.name()).isEqualTo("Hill Country Plumbing & Drains");
    assertThat(shown.status()).isSameAs(BusinessStatus.CONTACTED);
    assertThat(shown.enrichment()).isSameAs(EnrichmentState.NONE);
    assertChanged(list(FILTERS_A), PAGE_A, Set.of("b_1"), RENAME::applyTo);
    assertChanged(list(FILTERS_B), PAGE_B, Set.of("b_1"), RENAME::applyTo);
    assertThat(dispatcher.received()).hasSize(2);
    assertNoMutationPending();
  }

  // ---- Helpers ----

  /**
   * Waits for the watch's poll of job_9, answers it, waits for the answer to land, and then takes
   * the entry's lock (through a snapshot) so that the next poll's timer is armed before time moves.
   */
  private void answerPoll(ScrapeJob job) throws Exception {
    Exchange poll = dispatcher.take("GET", "/api/scraper/status/job_9");
    assertRequest(poll, "GET", "/api/scraper/status/job_9", "");
    poll.respond(200, toJson(job));
    QueryKey<ScrapeJob> status = LeadKeys.scrapeStatus("job_9");
    await(
        "the polled job in the cache",
        () ->
            job.equals(queryClient.getQueryData(status))
                && queryClient.isFetching(QueryFilter.exact(status)) == 0);
    assertThat(queryClient.snapshot()).isNotEmpty();
  }

  /** Checks that the detail and both lists are back to exactly what was cached before. */
  private void assertRolledBack() {
    assertThat(detail("b_1")).isSameAs(PLUMBING);
    assertThat(list(FILTERS_A)).isEqualTo(PAGE_A);
    assertThat(list(FILTERS_B)).isEqualTo(PAGE_B);
    assertChanged(list(FILTERS_A), PAGE_A, Set.of(), UnaryOperator.identity());
    assertChanged(list(FILTERS_B), PAGE_B, Set.of(), UnaryOperator.identity());
  }

  /**
   * Checks that a page shows a change of exactly some businesses, in their places, the others the
   * same instances as before, and the same paging.
   */
  private static void assertChanged(
      BusinessPage shown, BusinessPage original, Set<String> ids, UnaryOperator<Business> change) {
    assertThat(shown.items()).hasSameSizeAs(original.items());
    for (int i = 0; i < original.items().size(); i++) {
      Business before = original.items().get(i);
      Business now = shown.items().get(i);
      if (ids.contains(before.id())) {
        assertThat(now).as("item %d, %s, changed", i, before.id()).isEqualTo(change.apply(before));
        assertThat(now).isNotEqualTo(before);
      } else {
        assertThat(now).as("item %d, %s, untouched", i, before.id()).isSameAs(before);
      }
    }
    assertThat(shown.page()).isEqualTo(original.page());
    assertThat(shown.pageSize()).isEqualTo(original.pageSize());
    assertThat(shown.total()).isEqualTo(original.total());
  }

  private static void assertRequest(Exchange exchange, String method, String path, String body) {
    RecordedRequest request = exchange.request;
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(exchange.body()).isEqualTo(body);
  }

  private void assertNoMutationPending() {
    assertThat(queryClient.isMutating()).as("mutations pending").isZero();
  }

  private Business detail(String id) {
    return visible(LeadKeys.detail(id));
  }

  private BusinessPage list(BusinessFilters filters) {
    return visible(LeadKeys.list(filters));
  }

  private <T> T visible(QueryKey<T> key) {
    return Objects.requireNonNull(queryClient.getQueryData(key), () -> "no data under " + key);
  }

  private <T> QueryState<T> state(QueryKey<T> key) {
    return Objects.requireNonNull(queryClient.getQueryState(key), () -> "no entry " + key);
  }

  private List<QueryKey<?>> cachedKeys() {
    return queryClient.snapshot().stream().<QueryKey<?>>map(QuerySnapshot::key).toList();
  }

  private String toJson(Object value) throws IOException {
    return kit.api.objectMapper().writeValueAsString(value);
  }

  private static Business business(
      String id, String name, BusinessStatus status, EnrichmentState enrichment, long version) {
    return new Business(
        id,
        name,
        "plumber",
        "1200 Barton Springs Rd",
        "Austin",
        "+1 512-555-0142",
        null,
        null,
        4.6,
        status,
        enrichment,
        List.of(),
        version,
        CREATED,
        UPDATED);
  }

  /** What the server holds once it enriched a business: contacts found, a new version. */
  private static Business enrichedOnServer(Business business) {
    return new Business(
        business.id(),
        business.name(),
        business.category(),
        business.address(),
        business.city(),
        business.phone(),
        "https://" + business.id() + ".example",
        "office@" + business.id() + ".example",
        business.rating(),
        business.status(),
        EnrichmentState.ENRICHED,
        List.of(new Contact("c_" + business.id(), "Dana Ortiz", "Owner", null, null)),
        business.version() + 1,
        business.createdAt(),
        ON_SERVER);
  }

  /** What the server answers to {@link #RENAME}: the fields changed, a new version. */
  private static Business updatedOnServer(Business business) {
    Business renamed = RENAME.applyTo(business);
    return new Business(
        renamed.id(),
        renamed.name(),
        renamed.category(),
        renamed.address(),
        renamed.city(),
        renamed.phone(),
        renamed.website(),
        renamed.email(),
        renamed.rating(),
        renamed.status(),
        renamed.enrichment(),
        renamed.contacts(),
        renamed.version() + 1,
        renamed.createdAt(),
        ON_SERVER);
  }

  /** The optimistic mark of {@code enrich}. */
  private static Business marked(Business business) {
    return business.withEnrichment(EnrichmentState.ENRICHING);
  }

  /** Both optimistic layers of the overlapping test, in mutation order. */
  private static Business renamedAndMarked(Business business) {
    return RENAME.applyTo(marked(business));
  }

  private static EnrichmentResult accepted(String id) {
    return new EnrichmentResult(id, "job_e_" + id, EnrichmentState.PENDING, ON_SERVER);
  }

  private static ScrapeJob scrapeJob(JobState state, int progress) {
    return new ScrapeJob(
        "job_9",
        state,
        progress,
        progress / 10,
        progress / 20,
        null,
        "Austin",
        "plumber",
        ON_SERVER,
        ON_SERVER.plusSeconds(progress),
        state.isTerminal() ? ON_SERVER.plusSeconds(100) : null);
  }
}
