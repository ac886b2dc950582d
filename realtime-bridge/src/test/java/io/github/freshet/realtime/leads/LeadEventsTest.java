package io.github.freshet.realtime.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.client.ApiClient;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.realtime.MalformedEventException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class LeadEventsTest {
  private static final ObjectMapper MAPPER = ApiClient.defaultObjectMapper();
  static final String BUSINESS =
      "{\"id\":\"b_1\",\"name\":\"Hill Country Plumbing\",\"category\":\"plumber\","
          + "\"city\":\"Austin\",\"status\":\"new\",\"enrichment\":\"none\",\"version\":2,"
          + "\"createdAt\":\"2026-11-01T09:00:00Z\",\"updatedAt\":\"2026-11-02T09:00:00Z\"}";

  @Test
  void decodesEveryEventOfTheCatalogue() {
    assertThat(decode(LeadEvents.BUSINESS_CREATED, BUSINESS))
        .isInstanceOfSatisfying(
            LeadEvent.BusinessCreated.class, e -> assertThat(e.business().version()).isEqualTo(2));
    assertThat(decode(LeadEvents.BUSINESS_UPDATED, BUSINESS))
        .isInstanceOf(LeadEvent.BusinessUpdated.class);
    assertThat(decode(LeadEvents.BUSINESS_DELETED, "{\"id\":\"b_1\"}"))
        .isEqualTo(new LeadEvent.BusinessDeleted("b_1"));
    assertThat(
            decode(LeadEvents.SCRAPING_PROGRESS, "{\"jobId\":\"j\",\"progress\":40,\"found\":3}"))
        .isEqualTo(new LeadEvent.ScrapingProgress("j", 40, 3, null));
    assertThat(decode(LeadEvents.SCRAPING_COMPLETE, "{\"jobId\":\"j\",\"found\":5,\"saved\":4}"))
        .isEqualTo(new LeadEvent.ScrapingComplete("j", 5, 4));
    assertThat(
            decode(
                LeadEvents.ENRICHMENT_COMPLETE, "{\"businessId\":\"b_1\",\"state\":\"enriched\"}"))
        .isEqualTo(new LeadEvent.EnrichmentComplete("b_1", EnrichmentState.ENRICHED));
    assertThat(decode(LeadEvents.STATS_UPDATED, null)).isEqualTo(new LeadEvent.StatsUpdated());
    assertThat(LeadEvents.TYPES).hasSize(7);
  }

  @Test
  void unknownType_isEmpty() {
    assertThat(LeadEvents.decode("business:archived", "{}", MAPPER)).isEmpty();
  }

  @Test
  void malformedData_namesTypeAndField_neverTheValue() {
    assertThatThrownBy(() ->
            decode(LeadEvents.SCRAPING_PROGRESS, "{\"jobId\":\"j\",\"progress\":\"secret-ish\"}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class,
            e -> {
              assertThat(e.type()).isEqualTo(LeadEvents.SCRAPING_PROGRESS);
              assertThat(e.getMessage()).contains("progress").doesNotContain("secret-ish");
            });
    assertThatThrownBy(() -> decode(LeadEvents.BUSINESS_DELETED, "{\"id\": \"sk-live-1\""))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("sk-live-1");
    assertThatThrownBy(() -> decode(LeadEvents.BUSINESS_DELETED, null))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("no data");
    assertThatThrownBy(() -> decode(LeadEvents.BUSINESS_UPDATED, "{\"id\":\"b_1\"}"))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(
            () -> decode(LeadEvents.SCRAPING_PROGRESS, "{\"jobId\":\"j\",\"progress\":140}"))
        .isInstanceOf(MalformedEventException.class);
  }

  private static LeadEvent decode(String type, @Nullable String data) {
    return LeadEvents.decode(type, data, MAPPER).orElseThrow();
  }
}
