package io.github.freshet.client.leads;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.ApiRequest;
import io.github.freshet.client.HttpMethod;
import io.github.freshet.client.ResponseType;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The scraper endpoints of the Lead API: start a scrape job, poll it, cancel it. Get it from {@link
 * LeadsClient#scraper()}. POSTs carry an {@code Idempotency-Key}, so they are retried safely.
 */
public final class Scraper {
  private static final ResponseType<ScrapeJob> JOB = ResponseType.of(ScrapeJob.class);

  private final ApiClient api;

  Scraper(ApiClient api) {
    this.api = api;
  }

  /**
   * Starts a scrape job ({@code POST /api/scraper/scrape}).
   *
   * @param request what to look for
   * @return the new job, usually queued
   */
  public ScrapeJob start(ScrapeRequest request) {
    return api.execute(startRequest(request), JOB);
  }

  /**
   * Starts a scrape job without blocking.
   *
   * @param request what to look for
   * @return the job's future
   */
  public CompletableFuture<ScrapeJob> startAsync(ScrapeRequest request) {
    return api.executeAsync(startRequest(request), JOB);
  }

  /**
   * Returns a scrape job's progress ({@code GET /api/scraper/status/{jobId}}).
   *
   * @param jobId the job's id
   * @return the job
   */
  public ScrapeJob status(String jobId) {
    return api.execute(statusRequest(jobId), JOB);
  }

  /**
   * Returns a scrape job's progress without blocking.
   *
   * @param jobId the job's id
   * @return the job's future
   */
  public CompletableFuture<ScrapeJob> statusAsync(String jobId) {
    return api.executeAsync(statusRequest(jobId), JOB);
  }

  /**
   * Cancels a scrape job ({@code POST /api/scraper/{jobId}/cancel}).
   *
   * @param jobId the job's id
   * @return the job, cancelled (or already terminal)
   */
  public ScrapeJob cancel(String jobId) {
    return api.execute(cancelRequest(jobId), JOB);
  }

  /**
   * Cancels a scrape job without blocking.
   *
   * @param jobId the job's id
   * @return the job's future
   */
  public CompletableFuture<ScrapeJob> cancelAsync(String jobId) {
    return api.executeAsync(cancelRequest(jobId), JOB);
  }

  private static ApiRequest startRequest(ScrapeRequest request) {
    Objects.requireNonNull(request, "request");
    return ApiRequest.builder(HttpMethod.POST, "/api/scraper/scrape")
        .body(request)
        .idempotencyKey()
        .build();
  }

  private static ApiRequest statusRequest(String jobId) {
    return Businesses.byId(HttpMethod.GET, "/api/scraper/status/{jobId}", jobId).build();
  }

  private static ApiRequest cancelRequest(String jobId) {
    return Businesses.byId(HttpMethod.POST, "/api/scraper/{jobId}/cancel", jobId)
        .idempotencyKey()
        .build();
  }
}
