package io.github.freshet.client.leads;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Businesses to enrich in one request ({@code POST /api/enrichment/batch}).
 *
 * @param businessIds the ids, 1 to {@value #MAX_SIZE} of them, without repeats
 */
public record BatchEnrichmentRequest(List<String> businessIds) {
  /** The most businesses one batch may hold. */
  public static final int MAX_SIZE = 100;

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the list is empty, too long, or repeats an id
   */
  public BatchEnrichmentRequest {
    businessIds = List.copyOf(Objects.requireNonNull(businessIds, "businessIds"));
    if (businessIds.isEmpty() || businessIds.size() > MAX_SIZE) {
      throw new IllegalArgumentException(
          "A batch holds 1 to " + MAX_SIZE + " businesses, not " + businessIds.size());
    }
    if (new HashSet<>(businessIds).size() != businessIds.size()) {
      throw new IllegalArgumentException("A batch must not repeat a business: " + businessIds);
    }
  }

  /**
   * Returns a request for the given businesses.
   *
   * @param businessIds the ids
   * @return the request
   */
  public static BatchEnrichmentRequest of(String... businessIds) {
    return new BatchEnrichmentRequest(List.of(businessIds));
  }
}
