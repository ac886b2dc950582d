package io.github.freshet.client.leads;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.ApiRequest;
import io.github.freshet.client.HttpMethod;
import io.github.freshet.client.ResponseType;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The typed Lead API: every endpoint as a method, grouped by resource. A thin layer over an {@link
 * ApiClient}, which does the sending, retrying and error mapping; see there for threads,
 * cancellation and exceptions.
 *
 * <pre>{@code
 * try (ApiClient api = ApiClient.builder().baseUrl("https://leads.example.com").token(token).build()) {
 *   LeadsClient leads = LeadsClient.of(api);
 *   BusinessPage page = leads.businesses().list(BusinessFilters.builder().city("Austin").build());
 * }
 * }</pre>
 *
 * <p>Owns nothing: closing is the {@code ApiClient}'s business. Thread-safe.
 */
public final class LeadsClient {
  private static final ResponseType<Health> HEALTH = ResponseType.of(Health.class);

  private final ApiClient api;
  private final Businesses businesses;
  private final Scraper scraper;
  private final Enrichment enrichment;
  private final Jobs jobs;

  private LeadsClient(ApiClient api) {
    this.api = api;
    this.businesses = new Businesses(api);
    this.scraper = new Scraper(api);
    this.enrichment = new Enrichment(api);
    this.jobs = new Jobs(api);
  }

  /**
   * Returns the Lead API over a client.
   *
   * @param api the client to send requests with; stays owned by the caller
   * @return the Lead API
   */
  public static LeadsClient of(ApiClient api) {
    return new LeadsClient(Objects.requireNonNull(api, "api"));
  }

  /**
   * Returns the client this API sends its requests with.
   *
   * @return the client
   */
  public ApiClient api() {
    return api;
  }

  /**
   * Returns the business endpoints: list, retrieve, contacts, update, delete, stats.
   *
   * @return the business endpoints
   */
  public Businesses businesses() {
    return businesses;
  }

  /**
   * Returns the scraper endpoints: start, status, cancel.
   *
   * @return the scraper endpoints
   */
  public Scraper scraper() {
    return scraper;
  }

  /**
   * Returns the enrichment endpoints: one business, or a batch.
   *
   * @return the enrichment endpoints
   */
  public Enrichment enrichment() {
    return enrichment;
  }

  /**
   * Returns the generic job endpoints: status, failed jobs, retry.
   *
   * @return the job endpoints
   */
  public Jobs jobs() {
    return jobs;
  }

  /**
   * Asks the server whether it is alive ({@code GET /api/health}).
   *
   * @return the server's report
   */
  public Health health() {
    return api.execute(healthRequest(), HEALTH);
  }

  /**
   * Asks the server whether it is alive, without blocking.
   *
   * @return the report's future
   */
  public CompletableFuture<Health> healthAsync() {
    return api.executeAsync(healthRequest(), HEALTH);
  }

  private static ApiRequest healthRequest() {
    return ApiRequest.builder(HttpMethod.GET, "/api/health").build();
  }
}
