package io.github.freshet.client.leads;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.ApiRequest;
import io.github.freshet.client.HttpMethod;
import io.github.freshet.client.ResponseType;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The enrichment endpoints of the Lead API: ask the server to find a business's contacts, email and
 * website in the background. Get it from {@link LeadsClient#enrichment()}. Requests carry an {@code
 * Idempotency-Key}, so they are retried safely.
 */
public final class Enrichment {
  private static final ResponseType<EnrichmentResult> RESULT =
      ResponseType.of(EnrichmentResult.class);
  private static final ResponseType<BatchEnrichmentResult> BATCH =
      ResponseType.of(BatchEnrichmentResult.class);

  private final ApiClient api;

  Enrichment(ApiClient api) {
    this.api = api;
  }

  /**
   * Enriches one business ({@code POST /api/enrichment/{id}}).
   *
   * @param businessId the business's id
   * @return the server's acceptance
   */
  public EnrichmentResult enrich(String businessId) {
    return api.execute(enrichRequest(businessId), RESULT);
  }

  /**
   * Enriches one business without blocking.
   *
   * @param businessId the business's id
   * @return the acceptance's future
   */
  public CompletableFuture<EnrichmentResult> enrichAsync(String businessId) {
    return api.executeAsync(enrichRequest(businessId), RESULT);
  }

  /**
   * Enriches many businesses at once ({@code POST /api/enrichment/batch}).
   *
   * @param request the businesses
   * @return which were accepted and which rejected
   */
  public BatchEnrichmentResult enrichBatch(BatchEnrichmentRequest request) {
    return api.execute(batchRequest(request), BATCH);
  }

  /**
   * Enriches many businesses at once without blocking.
   *
   * @param request the businesses
   * @return the result's future
   */
  public CompletableFuture<BatchEnrichmentResult> enrichBatchAsync(BatchEnrichmentRequest request) {
    return api.executeAsync(batchRequest(request), BATCH);
  }

  private static ApiRequest enrichRequest(String businessId) {
    return Businesses.byId(HttpMethod.POST, "/api/enrichment/{id}", businessId)
        .idempotencyKey()
        .build();
  }

  private static ApiRequest batchRequest(BatchEnrichmentRequest request) {
    Objects.requireNonNull(request, "request");
    return ApiRequest.builder(HttpMethod.POST, "/api/enrichment/batch")
        .body(request)
        .idempotencyKey()
        .build();
  }
}
