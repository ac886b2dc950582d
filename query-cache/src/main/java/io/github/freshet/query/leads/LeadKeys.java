package io.github.freshet.query.leads;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.client.leads.FailedJob;
import io.github.freshet.client.leads.Job;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.query.QueryKey;
import java.util.List;
import java.util.Objects;

/**
 * The query keys of the Lead API, following the {@code [resource, kind, params]} convention, so
 * that a prefix selects a family: invalidating {@link #lists()} hits every filtered business list
 * and nothing else; {@link #all()} hits everything about businesses.
 *
 * <pre>
 * [businesses]                                 all()
 * [businesses, list]                           lists()
 * [businesses, list, BusinessFilters[…]]       list(filters)
 * [businesses, detail]                         details()
 * [businesses, detail, id]                     detail(id)
 * [businesses, detail, id, contacts]           contacts(id)
 * [businesses, stats]                          stats()
 * [jobs]                                       jobs()
 * [jobs, detail, id]                           job(id)
 * [jobs, failed]                               failedJobs()
 * [jobs, scrape, jobId]                        scrapeStatus(jobId)
 * </pre>
 */
public final class LeadKeys {
  private static final QueryKey<Object> ALL = QueryKey.of("businesses");
  private static final QueryKey<Object> LISTS = ALL.with("list");
  private static final QueryKey<Object> DETAILS = ALL.with("detail");
  private static final QueryKey<DashboardStats> STATS = ALL.with("stats");
  private static final QueryKey<Object> JOBS = QueryKey.of("jobs");
  private static final QueryKey<List<FailedJob>> FAILED = JOBS.with("failed");

  private LeadKeys() {}

  /**
   * Returns the prefix of every business key.
   *
   * @return {@code [businesses]}
   */
  public static QueryKey<Object> all() {
    return ALL;
  }

  /**
   * Returns the prefix of every business list.
   *
   * @return {@code [businesses, list]}
   */
  public static QueryKey<Object> lists() {
    return LISTS;
  }

  /**
   * Returns the key of one filtered page of businesses.
   *
   * @param filters the filters, sort and page
   * @return {@code [businesses, list, filters]}
   */
  public static QueryKey<BusinessPage> list(BusinessFilters filters) {
    return LISTS.with(Objects.requireNonNull(filters, "filters"));
  }

  /**
   * Returns the prefix of every business detail (and the contacts under them).
   *
   * @return {@code [businesses, detail]}
   */
  public static QueryKey<Object> details() {
    return DETAILS;
  }

  /**
   * Returns the key of one business.
   *
   * @param id the business's id
   * @return {@code [businesses, detail, id]}
   */
  public static QueryKey<Business> detail(String id) {
    return DETAILS.with(Objects.requireNonNull(id, "id"));
  }

  /**
   * Returns the key of one business's contacts.
   *
   * @param id the business's id
   * @return {@code [businesses, detail, id, contacts]}
   */
  public static QueryKey<List<Contact>> contacts(String id) {
    return DETAILS.with(Objects.requireNonNull(id, "id"), "contacts");
  }

  /**
   * Returns the key of the dashboard statistics.
   *
   * @return {@code [businesses, stats]}
   */
  public static QueryKey<DashboardStats> stats() {
    return STATS;
  }

  /**
   * Returns the prefix of every job key.
   *
   * @return {@code [jobs]}
   */
  public static QueryKey<Object> jobs() {
    return JOBS;
  }

  /**
   * Returns the key of one generic job.
   *
   * @param id the job's id
   * @return {@code [jobs, detail, id]}
   */
  public static QueryKey<Job> job(String id) {
    return JOBS.with("detail", Objects.requireNonNull(id, "id"));
  }

  /**
   * Returns the key of one scrape job's status.
   *
   * @param jobId the job's id
   * @return {@code [jobs, scrape, jobId]}
   */
  public static QueryKey<ScrapeJob> scrapeStatus(String jobId) {
    return JOBS.with("scrape", Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * Returns the key of the failed jobs list.
   *
   * @return {@code [jobs, failed]}
   */
  public static QueryKey<List<FailedJob>> failedJobs() {
    return FAILED;
  }
}
