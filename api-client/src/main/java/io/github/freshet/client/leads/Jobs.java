package io.github.freshet.client.leads;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.ApiRequest;
import io.github.freshet.client.HttpMethod;
import io.github.freshet.client.ResponseType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The generic job endpoints of the Lead API. Get it from {@link LeadsClient#jobs()}. */
public final class Jobs {
  private static final ResponseType<Job> JOB = ResponseType.of(Job.class);
  private static final ResponseType<List<FailedJob>> FAILED = ResponseType.listOf(FailedJob.class);

  private final ApiClient api;

  Jobs(ApiClient api) {
    this.api = api;
  }

  /**
   * Returns a job's status ({@code GET /api/jobs/{id}}).
   *
   * @param id the job's id
   * @return the job
   */
  public Job retrieve(String id) {
    return api.execute(retrieveRequest(id), JOB);
  }

  /**
   * Returns a job's status without blocking.
   *
   * @param id the job's id
   * @return the job's future
   */
  public CompletableFuture<Job> retrieveAsync(String id) {
    return api.executeAsync(retrieveRequest(id), JOB);
  }

  /**
   * Lists the jobs that failed ({@code GET /api/jobs/failed}).
   *
   * @return the failed jobs, possibly empty
   */
  public List<FailedJob> listFailed() {
    return api.execute(failedRequest(), FAILED);
  }

  /**
   * Lists the jobs that failed without blocking.
   *
   * @return the failed jobs' future
   */
  public CompletableFuture<List<FailedJob>> listFailedAsync() {
    return api.executeAsync(failedRequest(), FAILED);
  }

  /**
   * Runs a failed job again ({@code POST /api/jobs/{id}/retry}).
   *
   * @param id the job's id
   * @return the job, queued again
   */
  public Job retry(String id) {
    return api.execute(retryRequest(id), JOB);
  }

  /**
   * Runs a failed job again without blocking.
   *
   * @param id the job's id
   * @return the job's future
   */
  public CompletableFuture<Job> retryAsync(String id) {
    return api.executeAsync(retryRequest(id), JOB);
  }

  private static ApiRequest retrieveRequest(String id) {
    return Businesses.byId(HttpMethod.GET, "/api/jobs/{id}", id).build();
  }

  private static ApiRequest failedRequest() {
    return ApiRequest.builder(HttpMethod.GET, "/api/jobs/failed").build();
  }

  private static ApiRequest retryRequest(String id) {
    return Businesses.byId(HttpMethod.POST, "/api/jobs/{id}/retry", id).idempotencyKey().build();
  }
}
