package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Objects;

/**
 * The server's answer to a batch enrichment: which businesses it accepted and which it rejected.
 *
 * @param accepted one result for each accepted business
 * @param rejected the businesses it would not enrich, with the reason
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchEnrichmentResult(List<EnrichmentResult> accepted, List<Rejection> rejected) {
  /** Copies the lists; missing lists become empty ones. */
  public BatchEnrichmentResult {
    accepted = accepted == null ? List.of() : List.copyOf(accepted);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /**
   * A business that a batch enrichment did not accept.
   *
   * @param businessId the business
   * @param reason why, such as {@code not_found} or {@code already_enriching}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Rejection(String businessId, String reason) {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public Rejection {
      Objects.requireNonNull(businessId, "businessId");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
