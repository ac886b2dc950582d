package io.github.freshet.query.leads;

import static io.github.freshet.query.leads.LeadTestKit.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.EnrichmentResult;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.query.MutationObserver;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.leads.HeldDispatcher.Exchange;
import io.github.freshet.query.leads.LeadMutations.BusinessPatch;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lead mutations in cases that once broke: a delete's empty answer, and writing the server's data
 * into an entry that carries optimistic layers.
 */
final class LeadMutationsRegressionTest {
  private static final String TOKEN = "sk-test-lead-mutation-regressions";
  private static final Instant CREATED = Instant.parse("2025-11-03T09:30:00Z");
  private static final Instant ON_SERVER = Instant.parse("2026-01-01T00:00:03Z");
  private static final Business PLUMBING =
      business("b_1", "Hill Country Plumbing", BusinessStatus.NEW, 3, CREATED);
  private static final Business ELECTRIC =
      business("b_2", "Barton Creek Electric", BusinessStatus.QUALIFIED, 5, CREATED);
  private static final BusinessFilters FILTERS = BusinessFilters.builder().city("Austin").build();
  private static final BusinessPage PAGE = new BusinessPage(List.of(PLUMBING, ELECTRIC), 1, 20, 2);
  private static final BusinessUpdate RENAME =
      BusinessUpdate.builder()
          .name("Hill Country Plumbing & Drains")
          .status(BusinessStatus.CONTACTED)
          .build();
  private static final Business RENAMED_ON_SERVER =
      business("b_1", "Hill Country Plumbing & Drains", BusinessStatus.CONTACTED, 4, ON_SERVER);

  private final HeldDispatcher dispatcher = new HeldDispatcher();
  private LeadTestKit kit;
  private QueryClient queryClient;
  private LeadMutations mutations;

  @BeforeEach
  void setUp() throws IOException {
    kit = LeadTestKit.start(TOKEN, dispatcher);
    queryClient = kit.queryClient;
    mutations = LeadMutations.of(queryClient, kit.leads);
    queryClient.setQueryData(LeadKeys.detail("b_1"), PLUMBING);
    queryClient.setQueryData(LeadKeys.list(FILTERS), PAGE);
  }

  @AfterEach
  void tearDown() {
    dispatcher.close();
    kit.close();
  }

  /** A successful delete (204, no body) settles: detail removed, lists without it. */
  @Test
  void delete_success_removesTheDetail_andSettles() throws Exception {
    MutationObserver<String, String, Void> delete =
        queryClient.mutationObserver(mutations.delete());
    CompletableFuture<String> done = delete.mutate("b_1");
    Exchange request = dispatcher.take("DELETE", "/api/businesses/b_1");
    request.respond(new MockResponse.Builder().code(204).build());

    assertThat(get(done)).isEqualTo("b_1");
    assertThat(queryClient.getQueryState(LeadKeys.detail("b_1"))).isNull();
    assertThat(
            java.util.Objects.requireNonNull(queryClient.getQueryData(LeadKeys.list(FILTERS)))
                .items())
        .containsExactly(ELECTRIC);
    assertThat(queryClient.isMutating()).isZero();
  }

  /** A successful delete leaves no pending mutation behind. */
  @Test
  void delete_success_leavesNoMutationPending() throws Exception {
    MutationObserver<String, String, Void> delete =
        queryClient.mutationObserver(mutations.delete());
    var unused = delete.mutate("b_1");
    Exchange request = dispatcher.take("DELETE", "/api/businesses/b_1");
    request.respond(new MockResponse.Builder().code(204).build());
    // The 204 is read on an OkHttp thread; give it the bounded wait.
    // onSuccess removes the detail before the mutation finishes: wait for the finish itself.
    LeadTestKit.await("the delete to settle", () -> queryClient.isMutating() == 0);
    assertThat(queryClient.getQueryState(LeadKeys.detail("b_1"))).isNull();
  }

  /** update()'s onSuccess writes the server's business into a detail that carries layers. */
  @Test
  void update_success_writesTheServersBusinessIntoTheDetail_beforeTheFutureCompletes()
      throws Exception {
    MutationObserver<BusinessPatch, Business, Void> update =
        queryClient.mutationObserver(mutations.update());
    CompletableFuture<Business> done = update.mutate(new BusinessPatch("b_1", RENAME));
    Exchange patch = dispatcher.take("PATCH", "/api/businesses/b_1");
    patch.respond(200, kit.api.objectMapper().writeValueAsString(RENAMED_ON_SERVER));

    assertThat(get(done)).isEqualTo(RENAMED_ON_SERVER);
    // The server's copy (new version), not the optimistic guess built on the old one.
    assertThat(queryClient.getQueryData(LeadKeys.detail("b_1"))).isEqualTo(RENAMED_ON_SERVER);
  }

  /** setQueryData while a mutation's layer is on the entry writes the server data under it. */
  @Test
  void setQueryData_whileAnOptimisticLayerIsOn_writesTheServerData() throws Exception {
    MutationObserver<String, EnrichmentResult, Void> enrich =
        queryClient.mutationObserver(mutations.enrich());
    var unused = enrich.mutate("b_1"); // Held: its ENRICHING layer stays on the detail.
    dispatcher.take("POST", "/api/enrichment/b_1");

    // Once threw ConcurrentModificationException: the write compared against layered data.
    queryClient.setQueryData(LeadKeys.detail("b_1"), RENAMED_ON_SERVER);

    assertThat(queryClient.getQueryData(LeadKeys.detail("b_1")))
        .isEqualTo(RENAMED_ON_SERVER.withEnrichment(EnrichmentState.ENRICHING));
  }

  /** Overlapping mutations: the detail ends on the server's copy, not the optimistic guess. */
  @Test
  void overlapping_enrichFailsAfterUpdateSucceeded_detailEqualsTheServersBusiness()
      throws Exception {
    MutationObserver<String, EnrichmentResult, Void> enrich =
        queryClient.mutationObserver(mutations.enrich());
    MutationObserver<BusinessPatch, Business, Void> update =
        queryClient.mutationObserver(mutations.update());
    CompletableFuture<EnrichmentResult> enriching = enrich.mutate("b_1");
    CompletableFuture<Business> updating = update.mutate(new BusinessPatch("b_1", RENAME));
    Exchange post = dispatcher.take("POST", "/api/enrichment/b_1");
    Exchange patch = dispatcher.take("PATCH", "/api/businesses/b_1");
    patch.respond(200, kit.api.objectMapper().writeValueAsString(RENAMED_ON_SERVER));
    get(updating);
    post.respond(500, "{\"error\":{\"code\":\"internal\",\"message\":\"down\"}}");
    var settled = enriching.handle((value, error) -> error);
    assertThat(get(settled)).isNotNull();

    assertThat(queryClient.getQueryData(LeadKeys.detail("b_1"))).isEqualTo(RENAMED_ON_SERVER);
  }

  private static Business business(
      String id, String name, BusinessStatus status, long version, Instant updatedAt) {
    return new Business(
        id,
        name,
        "plumber",
        null,
        "Austin",
        null,
        null,
        null,
        4.6,
        status,
        EnrichmentState.NONE,
        List.of(),
        version,
        CREATED,
        updatedAt);
  }
}
