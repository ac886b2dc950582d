package io.github.freshet.client.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ModelsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  static Business business(String id, long version, Instant updatedAt) {
    return new Business(
        id,
        "Acme",
        "plumber",
        null,
        "Austin",
        null,
        null,
        null,
        4.0,
        BusinessStatus.NEW,
        EnrichmentState.NONE,
        List.of(),
        version,
        T0,
        updatedAt);
  }

  @Test
  void isNewerThan_ordersByVersionThenUpdatedAt() {
    Business v1 = business("b", 1, T0.plusSeconds(50));
    Business v2 = business("b", 2, T0);
    Business v2later = business("b", 2, T0.plusSeconds(1));

    assertThat(v2.isNewerThan(v1)).isTrue();
    assertThat(v1.isNewerThan(v2)).isFalse();
    assertThat(v2later.isNewerThan(v2)).isTrue();
    assertThat(v2.isNewerThan(v2)).isFalse();
    assertThatThrownBy(() -> v1.isNewerThan(business("other", 1, T0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @SuppressWarnings("NullAway") // Passes null on purpose, as Jackson does for a missing field.
  void businessRequiresItsFields_andCopiesContacts() {
    assertThatThrownBy(() ->
            new Business(
                "b",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                BusinessStatus.NEW,
                EnrichmentState.NONE,
                List.of(),
                1,
                T0,
                T0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    Business noContacts =
        new Business(
            "b",
            "n",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            BusinessStatus.NEW,
            EnrichmentState.NONE,
            null,
            1,
            T0,
            T0);
    assertThat(noContacts.contacts()).isEmpty();
  }

  @Test
  void updateAppliesOnlyItsFields() {
    Business before = business("b", 3, T0);

    Business after =
        BusinessUpdate.builder()
            .name("Acme Plumbing")
            .status(BusinessStatus.CONTACTED)
            .build()
            .applyTo(before);

    assertThat(after.name()).isEqualTo("Acme Plumbing");
    assertThat(after.status()).isEqualTo(BusinessStatus.CONTACTED);
    assertThat(after.city()).isEqualTo("Austin");
    assertThat(after.version()).isEqualTo(3);
    assertThatThrownBy(() -> BusinessUpdate.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BusinessUpdate.builder().name(" ").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withEnrichment_keepsEverythingElse() {
    Business before = business("b", 3, T0);

    Business after = before.withEnrichment(EnrichmentState.ENRICHING);

    assertThat(after.enrichment()).isEqualTo(EnrichmentState.ENRICHING);
    assertThat(after).isEqualTo(before.withEnrichment(EnrichmentState.ENRICHING));
    assertThat(after.withEnrichment(EnrichmentState.NONE)).isEqualTo(before);
  }

  @Test
  void filtersValidateAndAreValues() {
    BusinessFilters filters = BusinessFilters.builder().city("Austin").page(1).build();

    assertThat(filters).isEqualTo(BusinessFilters.builder().city("Austin").page(1).build());
    assertThat(filters.withPage(2).page()).isEqualTo(2);
    assertThat(filters.withPage(2).city()).isEqualTo("Austin");
    assertThat(filters.toBuilder().build()).isEqualTo(filters);
    assertThatThrownBy(() -> BusinessFilters.builder().page(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BusinessFilters.builder().pageSize(101).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsValidate() {
    assertThatThrownBy(() -> ScrapeRequest.of(" ", "plumber"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScrapeRequest("Austin", "plumber", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(BatchEnrichmentRequest::of).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchEnrichmentRequest.of("a", "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BatchEnrichmentRequest.of("a", "b").businessIds()).containsExactly("a", "b");
  }

  @Test
  void enumValues_knownAndUnknown() {
    assertThat(JobState.of("completed")).isSameAs(JobState.COMPLETED);
    assertThat(JobState.COMPLETED.isTerminal()).isTrue();
    assertThat(JobState.RUNNING.isTerminal()).isFalse();
    assertThat(JobState.of("paused").isTerminal()).isFalse();
    assertThat(JobState.of("paused").isKnown()).isFalse();
    assertThat(JobState.of("paused")).isEqualTo(JobState.of("paused")).hasToString("paused");
    // The same string in two enumerations is two different values.
    assertThat((Object) EnrichmentState.FAILED).isNotEqualTo(JobState.FAILED);
  }

  @Test
  void scrapeJobValidatesProgress() {
    assertThatThrownBy(
            () -> new ScrapeJob("j", JobState.RUNNING, 101, 0, 0, null, null, null, T0, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
