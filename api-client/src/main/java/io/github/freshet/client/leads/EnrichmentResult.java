package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * The server's acceptance of an enrichment request. Enrichment runs in the background; {@code
 * enrichment:complete} announces its end.
 *
 * @param businessId the business being enriched
 * @param jobId the background job that enriches it
 * @param state the business's enrichment state after the request, usually {@code pending}
 * @param acceptedAt when the server accepted the request
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrichmentResult(
    String businessId, String jobId, EnrichmentState state, Instant acceptedAt) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if a component is null
   */
  public EnrichmentResult {
    Objects.requireNonNull(businessId, "businessId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }
}
