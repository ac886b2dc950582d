package io.github.freshet.realtime.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QueryOptions;
import io.github.freshet.query.QueryState;
import io.github.freshet.query.VirtualTime;
import io.github.freshet.query.leads.LeadKeys;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each Lead event's effect on detail and list caches, immutably and version-guarded. */
final class LeadEventApplierTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final BusinessFilters AUSTIN = BusinessFilters.builder().city("Austin").build();
  private static final BusinessFilters DALLAS = BusinessFilters.builder().city("Dallas").build();
  private static final BusinessFilters AUSTIN_PAGE_2 = AUSTIN.withPage(2);

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client =
      QueryClient.builder()
          .clock(time.clock())
          .scheduler(time.scheduler())
          .callbackExecutor(Runnable::run)
          .build();
  private final LeadEventApplier applier = new LeadEventApplier(client, time.clock());

  private final Business plumbing = business("b_1", "Plumbing", "Austin", 1);
  private final Business bakery = business("b_2", "Bakery", "Austin", 1);

  @AfterEach
  void tearDown() {
    client.close();
  }

  static Business business(String id, String name, String city, long version) {
    return new Business(
        id,
        name,
        "trade",
        null,
        city,
        null,
        null,
        null,
        null,
        BusinessStatus.NEW,
        EnrichmentState.NONE,
        List.of(),
        version,
        T0,
        T0.plusSeconds(version));
  }

  private static BusinessPage page(Business... items) {
    return new BusinessPage(List.of(items), 1, 20, items.length);
  }

  private BusinessPage list(BusinessFilters filters) {
    return Objects.requireNonNull(client.getQueryData(LeadKeys.list(filters)));
  }

  private void seed() {
    client.setQueryData(LeadKeys.detail("b_1"), plumbing);
    client.setQueryData(LeadKeys.list(AUSTIN), page(plumbing, bakery));
    client.setQueryData(LeadKeys.list(DALLAS), page());
  }

  @Test
  void updated_replacesTheBusinessEverywhere_andKeepsOthersIdentical() {
    seed();
    BusinessPage before = list(AUSTIN);
    Business renamed = business("b_1", "Plumbing & Heating", "Austin", 2);

    applier.apply(new LeadEvent.BusinessUpdated(renamed));

    assertThat(client.getQueryData(LeadKeys.detail("b_1"))).isEqualTo(renamed);
    BusinessPage after = list(AUSTIN);
    assertThat(after.items()).containsExactly(renamed, bakery);
    assertThat(after.items().get(1)).isSameAs(bakery);
    assertThat(before.items())
        .as("the old snapshot never changes")
        .containsExactly(plumbing, bakery);
    assertThat(list(DALLAS).items()).isEmpty();
  }

  @Test
  void updated_intoAListsFilters_invalidatesThatList_whenTheCachedCopyWasOutsideThem() {
    Business movingBakery = business("b_3", "Moving Bakery", "Dallas", 1);
    client.setQueryData(LeadKeys.detail("b_3"), movingBakery);
    client.setQueryData(LeadKeys.list(AUSTIN), page(plumbing, bakery));
    client.setQueryData(LeadKeys.list(DALLAS), page(movingBakery));

    applier.apply(new LeadEvent.BusinessUpdated(business("b_3", "Moving Bakery", "Austin", 2)));

    assertThat(invalidated(AUSTIN))
        .as("it joined the Austin list: where is for the server")
        .isTrue();
    assertThat(invalidated(DALLAS)).as("it left the Dallas list").isTrue();
  }

  @Test
  void updated_withinAListsFilters_leavesTheListsItIsNotOnAlone() {
    client.setQueryData(LeadKeys.detail("b_3"), business("b_3", "Bakery", "Austin", 1));
    client.setQueryData(LeadKeys.list(AUSTIN), page(plumbing, bakery)); // b_3 is on another page.

    applier.apply(new LeadEvent.BusinessUpdated(business("b_3", "Bakery & Cafe", "Austin", 2)));

    assertThat(invalidated(AUSTIN)).as("it was in Austin already").isFalse();
  }

  @Test
  void updated_withNoCachedCopy_invalidatesTheFilteredListsItMayHaveJoined() {
    BusinessFilters qualified = BusinessFilters.builder().status(BusinessStatus.QUALIFIED).build();
    BusinessFilters everything = BusinessFilters.builder().build();
    client.setQueryData(LeadKeys.list(qualified), page());
    client.setQueryData(LeadKeys.list(everything), page(plumbing, bakery));
    Business elsewhere = business("b_9", "On another page", "Austin", 2);
    Business nowQualified =
        new Business(
            elsewhere.id(),
            elsewhere.name(),
            elsewhere.category(),
            elsewhere.address(),
            elsewhere.city(),
            elsewhere.phone(),
            elsewhere.website(),
            elsewhere.email(),
            elsewhere.rating(),
            BusinessStatus.QUALIFIED,
            elsewhere.enrichment(),
            elsewhere.contacts(),
            elsewhere.version(),
            elsewhere.createdAt(),
            elsewhere.updatedAt());

    applier.apply(new LeadEvent.BusinessUpdated(nowQualified));

    assertThat(invalidated(qualified)).as("it may have just joined").isTrue();
    assertThat(invalidated(everything)).as("unfiltered: it is on some page already").isFalse();
  }

  private boolean invalidated(BusinessFilters filters) {
    return Objects.requireNonNull(client.getQueryState(LeadKeys.list(filters))).invalidated();
  }

  @Test
  void updated_olderThanTheCache_changesNothing() {
    seed();
    applier.apply(new LeadEvent.BusinessUpdated(business("b_1", "Newer", "Austin", 5)));

    applier.apply(new LeadEvent.BusinessUpdated(business("b_1", "Stale", "Austin", 3)));

    assertThat(Objects.requireNonNull(client.getQueryData(LeadKeys.detail("b_1"))).name())
        .isEqualTo("Newer");
    assertThat(list(AUSTIN).items().get(0).name()).isEqualTo("Newer");
  }

  @Test
  void updated_whileAFetchIsInFlight_survivesTheOlderResponse() throws Exception {
    seed();
    CompletableFuture<Business> response = new CompletableFuture<>();
    var fetch =
        client.fetchQuery(
            QueryOptions.<Business>builder(LeadKeys.detail("b_1"), ctx -> response).build());
    Business newer = business("b_1", "Renamed by the event", "Austin", 3);

    applier.apply(new LeadEvent.BusinessUpdated(newer));
    response.complete(business("b_1", "Read before the event", "Austin", 2));

    assertThat(fetch.get(1, TimeUnit.SECONDS)).isEqualTo(newer);
    assertThat(client.getQueryData(LeadKeys.detail("b_1"))).isEqualTo(newer);
  }

  @Test
  void created_seedsTheDetail_andJoinsMatchingFirstPagesOnly() {
    seed();
    client.setQueryData(LeadKeys.list(AUSTIN_PAGE_2), page(bakery));
    Business cafe = business("b_3", "Cafe", "Austin", 1);

    applier.apply(new LeadEvent.BusinessCreated(cafe));

    assertThat(client.getQueryData(LeadKeys.detail("b_3"))).isEqualTo(cafe);
    assertThat(list(AUSTIN).items()).containsExactly(cafe, plumbing, bakery);
    assertThat(list(AUSTIN).total()).isEqualTo(3);
    assertThat(list(DALLAS).items()).as("filters do not match").isEmpty();
    assertThat(
            Objects.requireNonNull(client.getQueryState(LeadKeys.list(AUSTIN_PAGE_2)))
                .invalidated())
        .as("a later page cannot say where it goes: refetch it")
        .isTrue();

    applier.apply(new LeadEvent.BusinessCreated(cafe)); // Replayed or repeated.
    assertThat(list(AUSTIN).items()).containsExactly(cafe, plumbing, bakery);
  }

  @Test
  void deleted_leavesEveryList_andDropsTheDetail() {
    seed();

    applier.apply(new LeadEvent.BusinessDeleted("b_1"));

    assertThat(list(AUSTIN).items()).containsExactly(bakery);
    assertThat(list(AUSTIN).total()).isEqualTo(1);
    assertThat(client.getQueryState(LeadKeys.detail("b_1"))).isNull();
  }

  @Test
  void scrapeEvents_updateTheJob_thenCompleteIt_andInvalidateListsAndStats() {
    seed();
    ScrapeJob queued =
        new ScrapeJob("j", JobState.QUEUED, 0, 0, 0, null, "Austin", "trade", T0, T0, null);
    client.setQueryData(LeadKeys.scrapeStatus("j"), queued);
    client.setQueryData(LeadKeys.stats(), stats());

    applier.apply(new LeadEvent.ScrapingProgress("j", 40, 3, null));
    ScrapeJob running = Objects.requireNonNull(client.getQueryData(LeadKeys.scrapeStatus("j")));
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.progress()).isEqualTo(40);
    assertThat(running.found()).isEqualTo(3);

    applier.apply(new LeadEvent.ScrapingProgress("j", 30, 2, null)); // Late, older.
    assertThat(Objects.requireNonNull(client.getQueryData(LeadKeys.scrapeStatus("j"))).progress())
        .isEqualTo(40);

    applier.apply(new LeadEvent.ScrapingComplete("j", 5, 4));
    ScrapeJob done = Objects.requireNonNull(client.getQueryData(LeadKeys.scrapeStatus("j")));
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.progress()).isEqualTo(100);
    assertThat(done.saved()).isEqualTo(4);
    assertThat(state(LeadKeys.list(AUSTIN)).invalidated()).isTrue();
    assertThat(state(LeadKeys.stats()).invalidated()).isTrue();
  }

  @Test
  void enrichmentComplete_andStatsUpdated_invalidateWhatTheyConcern() {
    seed();
    client.setQueryData(LeadKeys.stats(), stats());

    applier.apply(new LeadEvent.EnrichmentComplete("b_1", EnrichmentState.ENRICHED));
    applier.apply(new LeadEvent.StatsUpdated());

    assertThat(state(LeadKeys.detail("b_1")).invalidated()).isTrue();
    assertThat(state(LeadKeys.stats()).invalidated()).isTrue();
    assertThat(state(LeadKeys.list(AUSTIN)).invalidated()).isFalse();
  }

  @Test
  void matches_followsTheFilters() {
    assertThat(LeadEventApplier.matches(BusinessFilters.none(), plumbing)).isTrue();
    assertThat(LeadEventApplier.matches(BusinessFilters.builder().city("austin").build(), plumbing))
        .isTrue();
    assertThat(
            LeadEventApplier.matches(BusinessFilters.builder().search("plumb").build(), plumbing))
        .isTrue();
    assertThat(LeadEventApplier.matches(BusinessFilters.builder().search("xyz").build(), plumbing))
        .isFalse();
    assertThat(
            LeadEventApplier.matches(
                BusinessFilters.builder().status(BusinessStatus.LOST).build(), plumbing))
        .isFalse();
    assertThat(LeadEventApplier.matches(BusinessFilters.builder().hasEmail(true).build(), plumbing))
        .isFalse();
    assertThat(
            LeadEventApplier.matches(BusinessFilters.builder().enriched(false).build(), plumbing))
        .isTrue();
  }

  private <T> QueryState<T> state(QueryKey<T> key) {
    return Objects.requireNonNull(client.getQueryState(key));
  }

  private static io.github.freshet.client.leads.DashboardStats stats() {
    return new io.github.freshet.client.leads.DashboardStats(
        2, 0, 0, 0, java.util.Map.of(), java.util.Map.of(), 0, 0, T0);
  }
}
