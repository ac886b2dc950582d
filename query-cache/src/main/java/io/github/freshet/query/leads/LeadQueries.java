package io.github.freshet.query.leads;

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
 * until the job reaches a terminal state, then not at all; contacts enabled only once their
 * business is loaded. Each fetch links its cancellation signal to the HTTP call, and a 404 is not
 * retried.
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
            pollUntil(state.data() != null && state.data().isDone()))
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
            pollUntil(state.data() != null && state.data().state().isTerminal()))
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
        .build();
  }

  /** A 404 will not go away by asking again. */
  private static boolean isRetryable(Throwable error) {
    return !(error instanceof NotFoundException);
  }

  private static @Nullable Duration pollUntil(boolean done) {
    return done ? null : JOB_POLL_INTERVAL;
  }
}
