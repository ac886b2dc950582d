package io.github.freshet.query.leads;

import io.github.freshet.client.FreshetInvalidDataException;
import io.github.freshet.client.FreshetServiceException;
import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.client.leads.FailedJob;
import io.github.freshet.client.leads.Job;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.query.QueryOptions;
import io.github.freshet.query.QueryState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made query options for every Lead API read, with timing that fits each resource: stats
 * stale after 30 s, lists after 10 s, details after 60 s; scrape and job status polled every second
 * until the job reaches a terminal state (or turns out not to exist), then not at all; contacts
 * enabled only once their business is loaded. Each fetch links its cancellation signal to the HTTP
 * call. Client errors (4xx but 408 and 429) and malformed bodies are not retried: the same request
 * would get them again.
 *
 * <p>Retries stack: each query attempt is one {@code ApiClient} call, which has its own retry
 * policy for transport errors and 5xx. Give the {@code ApiClient} {@code RetryPolicy.none()} to
 * leave retrying to the cache alone, or the queries {@code retry(0)} for the opposite.
 *
 * <pre>{@code
 * LeadQueries queries = LeadQueries.of(leadsClient);
 * QueryObserver<BusinessPage> page = queryClient.observer(queries.list(filters));
 * }</pre>
 */
public final class LeadQueries {
  /** How long the dashboard statistics stay fresh. */
  public static final Duration STATS_STALE_TIME = Duration.ofSeconds(30);

  /** How long a business list stays fresh. */
  public static final Duration LIST_STALE_TIME = Duration.ofSeconds(10);

  /** How long one business stays fresh. */
  public static final Duration DETAIL_STALE_TIME = Duration.ofSeconds(60);

  /** How often a running job is polled. */
  public static final Duration JOB_POLL_INTERVAL = Duration.ofSeconds(1);

  private final LeadsClient leads;

  private LeadQueries(LeadsClient leads) {
    this.leads = leads;
  }

  /**
   * Returns the queries over a Lead API client.
   *
   * @param leads the client the fetches call
   * @return the queries
   */
  public static LeadQueries of(LeadsClient leads) {
    return new LeadQueries(Objects.requireNonNull(leads, "leads"));
  }

  /**
   * Returns the options of one page of businesses, which keep the previous page on screen while the
   * next one loads.
   *
   * @param filters the filters, sort and page
   * @return the options
   */
  public QueryOptions<BusinessPage> list(BusinessFilters filters) {
    return QueryOptions.builder(
            LeadKeys.list(filters), ctx -> ctx.link(leads.businesses().listAsync(filters)))
        .staleTime(LIST_STALE_TIME)
        .retryIf(LeadQueries::isRetryable)
        .keepPreviousData()
        .build();
  }

  /**
   * Returns the options of one business.
   *
   * @param id the business's id
   * @return the options
   */
  public QueryOptions<Business> detail(String id) {
    return QueryOptions.builder(
            LeadKeys.detail(id), ctx -> ctx.link(leads.businesses().retrieveAsync(id)))
        .staleTime(DETAIL_STALE_TIME)
        .retryIf(LeadQueries::isRetryable)
        .build();
  }

  /**
   * Returns the options of a business's contacts: a dependent query, enabled only once the business
   * is loaded.
   *
   * @param id the business's id
   * @param business the loaded business, or {@code null} while it loads
   * @return the options
   */
  public QueryOptions<List<Contact>> contacts(String id, @Nullable Business business) {
    return QueryOptions.builder(
            LeadKeys.contacts(id), ctx -> ctx.link(leads.businesses().contactsAsync(id)))
        .staleTime(DETAIL_STALE_TIME)
        .retryIf(LeadQueries::isRetryable)
        .enabled(business != null)
        .build();
  }

  /**
   * Returns the options of the dashboard statistics.
   *
   * @return the options
   */
  public QueryOptions<DashboardStats> stats() {
    return QueryOptions.builder(LeadKeys.stats(), ctx -> ctx.link(leads.businesses().statsAsync()))
        .staleTime(STATS_STALE_TIME)
        .retryIf(LeadQueries::isRetryable)
        .build();
  }

  /**
   * Returns the options of a scrape job's status, polled every second until it is done.
   *
   * @param jobId the job's id
   * @return the options
   */
  public QueryOptions<ScrapeJob> scrapeStatus(String jobId) {
    return QueryOptions.builder(
            LeadKeys.scrapeStatus(jobId), ctx -> ctx.link(leads.scraper().statusAsync(jobId)))
        .retryIf(LeadQueries::isRetryable)
        .refetchInterval((QueryState<ScrapeJob> state) ->
            pollUntil(state, state.data() != null && state.data().isDone()))
        .build();
  }

  /**
   * Returns the options of a generic job's status, polled every second until it is done.
   *
   * @param id the job's id
   * @return the options
   */
  public QueryOptions<Job> job(String id) {
    return QueryOptions.builder(LeadKeys.job(id), ctx -> ctx.link(leads.jobs().retrieveAsync(id)))
        .retryIf(LeadQueries::isRetryable)
        .refetchInterval((QueryState<Job> state) ->
            pollUntil(state, state.data() != null && state.data().state().isTerminal()))
        .build();
  }

  /**
   * Returns the options of the failed jobs list.
   *
   * @return the options
   */
  public QueryOptions<List<FailedJob>> failedJobs() {
    return QueryOptions.builder(
            LeadKeys.failedJobs(), ctx -> ctx.link(leads.jobs().listFailedAsync()))
        .retryIf(LeadQueries::isRetryable)
        .build();
  }

  /**
   * Whether asking again could help: not for client errors (4xx other than 408 and 429), which the
   * same request gets again, nor for a body of the wrong shape.
   */
  private static boolean isRetryable(Throwable error) {
    if (error instanceof FreshetServiceException service) {
      int status = service.statusCode();
      return status >= 500 || status == 408 || status == 429;
    }
    return !(error instanceof FreshetInvalidDataException);
  }

  /** Polls until the job is done, or known not to exist (a 404 will not go away). */
  private static @Nullable Duration pollUntil(QueryState<?> state, boolean done) {
    return done || state.error() instanceof NotFoundException ? null : JOB_POLL_INTERVAL;
  }
}
