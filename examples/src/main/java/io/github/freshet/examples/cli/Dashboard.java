package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.query.QueryObserver;

/**
 * What a dashboard screen keeps observed: the first page of businesses and the statistics. Open
 * observers make the entries active, so that invalidations refetch them and {@code inspect} shows
 * them as a screen would leave them.
 */
final class Dashboard implements AutoCloseable {
  private final QueryObserver<BusinessPage> page;
  private final QueryObserver<DashboardStats> stats;
  private final BusinessPage firstPage;

  private Dashboard(
      QueryObserver<BusinessPage> page, QueryObserver<DashboardStats> stats, BusinessPage first) {
    this.page = page;
    this.stats = stats;
    this.firstPage = first;
  }

  /** Observes the first page and the statistics, and waits until both have data. */
  static Dashboard open(Session session) throws Exception {
    QueryObserver<BusinessPage> page =
        session.cache().observer(session.queries().list(BusinessFilters.none()));
    QueryObserver<DashboardStats> stats = session.cache().observer(session.queries().stats());
    try {
      var unusedPage = page.subscribe(result -> {}); // Closed with the observer.
      var unusedStats = stats.subscribe(result -> {});
      BusinessPage first =
          Commands.await(
              session.cache().ensureQueryData(session.queries().list(BusinessFilters.none())));
      Commands.await(session.cache().ensureQueryData(session.queries().stats()));
      return new Dashboard(page, stats, first);
    } catch (Exception | Error e) {
      page.close();
      stats.close();
      throw e;
    }
  }

  /** The first page as it was when the dashboard opened. */
  BusinessPage firstPage() {
    return firstPage;
  }

  @Override
  public void close() {
    page.close();
    stats.close();
  }
}
