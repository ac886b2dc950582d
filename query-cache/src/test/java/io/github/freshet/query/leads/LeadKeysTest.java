package io.github.freshet.query.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.query.FetchStatus;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QuerySnapshot;
import io.github.freshet.query.QueryState;
import io.github.freshet.query.QueryStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Lead API's key layout: the table in LeadKeys's Javadoc, and the prefixes it promises. */
final class LeadKeysTest {
  private static final BusinessFilters AUSTIN =
      BusinessFilters.builder().city("Austin").page(2).build();

  // ---- The table, row by row ----

  @Test
  void all_isBusinesses() {
    assertThat(LeadKeys.all().parts()).containsExactly("businesses");
    assertThat(LeadKeys.all().toString()).isEqualTo("[businesses]");
  }

  @Test
  void lists_isBusinessesList() {
    assertThat(LeadKeys.lists().parts()).containsExactly("businesses", "list");
    assertThat(LeadKeys.lists().toString()).isEqualTo("[businesses, list]");
  }

  @Test
  void list_isBusinessesListFilters() {
    assertThat(LeadKeys.list(AUSTIN).parts()).containsExactly("businesses", "list", AUSTIN);
    assertThat(LeadKeys.list(AUSTIN).toString())
        .isEqualTo("[businesses, list, " + AUSTIN + "]")
        .startsWith("[businesses, list, BusinessFilters[");
  }

  @Test
  void details_isBusinessesDetail() {
    assertThat(LeadKeys.details().parts()).containsExactly("businesses", "detail");
    assertThat(LeadKeys.details().toString()).isEqualTo("[businesses, detail]");
  }

  @Test
  void detail_isBusinessesDetailId() {
    assertThat(LeadKeys.detail("b_42").parts()).containsExactly("businesses", "detail", "b_42");
    assertThat(LeadKeys.detail("b_42").toString()).isEqualTo("[businesses, detail, b_42]");
  }

  @Test
  void contacts_isBusinessesDetailIdContacts() {
    assertThat(LeadKeys.contacts("b_42").parts())
        .containsExactly("businesses", "detail", "b_42", "contacts");
    assertThat(LeadKeys.contacts("b_42").toString())
        .isEqualTo("[businesses, detail, b_42, contacts]");
  }

  @Test
  void stats_isBusinessesStats() {
    assertThat(LeadKeys.stats().parts()).containsExactly("businesses", "stats");
    assertThat(LeadKeys.stats().toString()).isEqualTo("[businesses, stats]");
  }

  @Test
  void jobs_isJobs() {
    assertThat(LeadKeys.jobs().parts()).containsExactly("jobs");
    assertThat(LeadKeys.jobs().toString()).isEqualTo("[jobs]");
  }

  @Test
  void job_isJobsDetailId() {
    assertThat(LeadKeys.job("job_3").parts()).containsExactly("jobs", "detail", "job_3");
    assertThat(LeadKeys.job("job_3").toString()).isEqualTo("[jobs, detail, job_3]");
  }

  @Test
  void failedJobs_isJobsFailed() {
    assertThat(LeadKeys.failedJobs().parts()).containsExactly("jobs", "failed");
    assertThat(LeadKeys.failedJobs().toString()).isEqualTo("[jobs, failed]");
  }

  @Test
  void scrapeStatus_isJobsScrapeJobId() {
    assertThat(LeadKeys.scrapeStatus("job_9").parts()).containsExactly("jobs", "scrape", "job_9");
    assertThat(LeadKeys.scrapeStatus("job_9").toString()).isEqualTo("[jobs, scrape, job_9]");
  }

  // ---- Prefixes ----

  @Test
  void list_startsWithListsAndAll_notWithDetails() {
    QueryKey<?> list = LeadKeys.list(AUSTIN);

    assertThat(list.startsWith(LeadKeys.lists())).isTrue();
    assertThat(list.startsWith(LeadKeys.all())).isTrue();
    assertThat(list.startsWith(LeadKeys.details())).isFalse();
    assertThat(list.startsWith(LeadKeys.stats())).isFalse();
    assertThat(list.startsWith(LeadKeys.jobs())).isFalse();
  }

  @Test
  void contacts_startsWithItsDetail_andDetails_notWithAnotherDetail() {
    QueryKey<?> contacts = LeadKeys.contacts("b_42");

    assertThat(contacts.startsWith(LeadKeys.detail("b_42"))).isTrue();
    assertThat(contacts.startsWith(LeadKeys.details())).isTrue();
    assertThat(contacts.startsWith(LeadKeys.all())).isTrue();
    assertThat(contacts.startsWith(LeadKeys.detail("b_4"))).isFalse();
    assertThat(contacts.startsWith(LeadKeys.lists())).isFalse();
  }

  @Test
  void detail_andStats_areNotUnderLists() {
    assertThat(LeadKeys.detail("b_42").startsWith(LeadKeys.lists())).isFalse();
    assertThat(LeadKeys.stats().startsWith(LeadKeys.lists())).isFalse();
    assertThat(LeadKeys.stats().startsWith(LeadKeys.details())).isFalse();
    assertThat(LeadKeys.detail("stats")).isNotEqualTo(LeadKeys.stats());
  }

  @Test
  void jobKeys_areUnderJobs_andNotUnderBusinesses() {
    for (QueryKey<?> key :
        List.of(LeadKeys.job("job_3"), LeadKeys.scrapeStatus("job_3"), LeadKeys.failedJobs())) {
      assertThat(key.startsWith(LeadKeys.jobs())).as("%s under jobs", key).isTrue();
      assertThat(key.startsWith(LeadKeys.all())).as("%s under businesses", key).isFalse();
    }
    assertThat(LeadKeys.job("job_3")).isNotEqualTo(LeadKeys.scrapeStatus("job_3"));
    assertThat(LeadKeys.job("job_3").startsWith(LeadKeys.details())).isFalse();
  }

  @Test
  void prefixFilterOnLists_matchesEveryListKey_andNoDetailOrStatsKey() {
    QueryFilter lists = QueryFilter.prefix(LeadKeys.lists());

    assertThat(lists.matchesKey(LeadKeys.lists())).isTrue();
    assertThat(lists.matchesKey(LeadKeys.list(AUSTIN))).isTrue();
    assertThat(lists.matchesKey(LeadKeys.list(BusinessFilters.none()))).isTrue();
    assertThat(lists.matchesKey(LeadKeys.list(AUSTIN.withPage(3)))).isTrue();
    assertThat(
            lists.matchesKey(
                LeadKeys.list(BusinessFilters.builder().status(BusinessStatus.NEW).build())))
        .isTrue();

    assertThat(lists.matchesKey(LeadKeys.all())).isFalse();
    assertThat(lists.matchesKey(LeadKeys.details())).isFalse();
    assertThat(lists.matchesKey(LeadKeys.detail("b_42"))).isFalse();
    assertThat(lists.matchesKey(LeadKeys.contacts("b_42"))).isFalse();
    assertThat(lists.matchesKey(LeadKeys.stats())).isFalse();
    assertThat(lists.matchesKey(LeadKeys.job("job_3"))).isFalse();
    assertThat(lists.matchesKey(LeadKeys.scrapeStatus("job_3"))).isFalse();
    assertThat(lists.matchesKey(LeadKeys.failedJobs())).isFalse();
  }

  @Test
  void prefixFilterOnLists_matchesSnapshotsOfListEntriesOnly() {
    QueryFilter lists = QueryFilter.prefix(LeadKeys.lists());
    QueryState<Object> idle = QueryState.initial();

    assertThat(lists.matches(new QuerySnapshot(LeadKeys.list(AUSTIN), idle, 0, false, true)))
        .isTrue();
    assertThat(lists.matches(new QuerySnapshot(LeadKeys.detail("b_42"), idle, 0, false, true)))
        .isFalse();
    assertThat(lists.matches(new QuerySnapshot(LeadKeys.stats(), idle, 0, false, true))).isFalse();
    assertThat(idle.status()).isEqualTo(QueryStatus.PENDING);
    assertThat(idle.fetchStatus()).isEqualTo(FetchStatus.IDLE);
  }

  @Test
  void exactFilterOnADetail_doesNotMatchItsContacts() {
    QueryFilter exact = QueryFilter.exact(LeadKeys.detail("b_42"));

    assertThat(exact.matchesKey(LeadKeys.detail("b_42"))).isTrue();
    assertThat(exact.matchesKey(LeadKeys.contacts("b_42"))).isFalse();
    assertThat(QueryFilter.prefix(LeadKeys.detail("b_42")).matchesKey(LeadKeys.contacts("b_42")))
        .isTrue();
  }

  // ---- Value semantics ----

  @Test
  void list_ofEqualFiltersBuiltSeparately_givesEqualKeys() {
    BusinessFilters one =
        BusinessFilters.builder()
            .city("Austin")
            .category("plumber")
            .status(BusinessStatus.QUALIFIED)
            .hasEmail(true)
            .sort("-rating")
            .page(2)
            .pageSize(25)
            .build();
    BusinessFilters two =
        BusinessFilters.builder()
            .pageSize(25)
            .page(2)
            .sort("-rating")
            .hasEmail(true)
            .status(BusinessStatus.of("qualified"))
            .category("plumber")
            .city("Austin")
            .build();

    assertThat(one).isNotSameAs(two);
    assertThat(LeadKeys.list(one)).isEqualTo(LeadKeys.list(two));
    assertThat(LeadKeys.list(one).hashCode()).isEqualTo(LeadKeys.list(two).hashCode());
    assertThat(LeadKeys.list(one.withPage(3))).isNotEqualTo(LeadKeys.list(two));
  }

  @Test
  void list_noFiltersAndAnEmptyBuilder_giveEqualKeys() {
    assertThat(LeadKeys.list(BusinessFilters.none()))
        .isEqualTo(LeadKeys.list(BusinessFilters.builder().build()));
  }

  @Test
  void idKeys_ofEqualIds_areEqual_andDifferentIds_differ() {
    assertThat(LeadKeys.detail(String.join("_", "b", "42"))).isEqualTo(LeadKeys.detail("b_42"));
    assertThat(LeadKeys.detail("b_42")).isNotEqualTo(LeadKeys.detail("b_43"));
    assertThat(LeadKeys.contacts("b_42")).isNotEqualTo(LeadKeys.contacts("b_43"));
    assertThat(LeadKeys.job("j")).isEqualTo(LeadKeys.job("j"));
    assertThat(LeadKeys.scrapeStatus("j")).isEqualTo(LeadKeys.scrapeStatus("j"));
  }

  @Test
  @SuppressWarnings("NullAway") // Passes null on purpose: every id and the filters are required.
  void nullArguments_areRejected() {
    assertThatThrownBy(() -> LeadKeys.list(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filters");
    assertThatThrownBy(() -> LeadKeys.detail(null)).hasMessage("id");
    assertThatThrownBy(() -> LeadKeys.contacts(null)).hasMessage("id");
    assertThatThrownBy(() -> LeadKeys.job(null)).hasMessage("id");
    assertThatThrownBy(() -> LeadKeys.scrapeStatus(null)).hasMessage("jobId");
  }
}
