package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.query.FetchStatus;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QuerySnapshot;
import io.github.freshet.query.QueryState;
import io.github.freshet.query.QueryStatus;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.realtime.leads.LeadEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watch feed tells writes from invalidations, even when a refetch has already landed. */
class CacheEffectsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static QuerySnapshot entry(
      QueryKey<?> key, int updates, boolean invalidated, FetchStatus fetch) {
    QueryState<Object> state =
        new QueryState<>(
            "data", NOW, updates, null, null, QueryStatus.SUCCESS, fetch, 0, null, invalidated);
    return new QuerySnapshot(key, state, 1, true, invalidated);
  }

  @Test
  void anInvalidationWhoseRefetchAlreadyLandedIsNotCalledAWrite() {
    QueryKey<?> stats = LeadKeys.stats();

    List<String> effects =
        CacheEffects.diff(
            Map.of(stats, entry(stats, 1, false, FetchStatus.IDLE)),
            Map.of(stats, entry(stats, 2, false, FetchStatus.IDLE)),
            CacheEffects.writesDirectly(new LeadEvent.StatsUpdated()));

    assertThat(effects).containsExactly("invalidated and refetched [businesses, stats]");
  }

  @Test
  void writesInvalidationsAdditionsAndRemovalsAreEachNamed() {
    QueryKey<?> job = LeadKeys.scrapeStatus("job_1");
    QueryKey<?> stats = LeadKeys.stats();
    QueryKey<?> gone = LeadKeys.detail("biz_1");
    QueryKey<?> added = LeadKeys.detail("biz_2");

    List<String> effects =
        CacheEffects.diff(
            Map.of(
                job, entry(job, 1, false, FetchStatus.IDLE),
                stats, entry(stats, 1, false, FetchStatus.IDLE),
                gone, entry(gone, 1, false, FetchStatus.IDLE)),
            Map.of(
                job, entry(job, 2, false, FetchStatus.IDLE),
                stats, entry(stats, 1, true, FetchStatus.FETCHING),
                added, entry(added, 1, false, FetchStatus.IDLE)),
            CacheEffects.writesDirectly(new LeadEvent.ScrapingComplete("job_1", 3, 2)));

    assertThat(effects)
        .containsExactlyInAnyOrder(
            "updated [jobs, scrape, job_1]",
            "invalidated [businesses, stats] (refetching)",
            "added [businesses, detail, biz_2]",
            "removed [businesses, detail, biz_1]");
  }
}
