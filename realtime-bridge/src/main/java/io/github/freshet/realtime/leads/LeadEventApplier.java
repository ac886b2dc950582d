package io.github.freshet.realtime.leads;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QuerySnapshot;
import io.github.freshet.query.leads.LeadKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies Lead API events to the query cache, as the event catalogue says ({@code docs/events.md}),
 * immutably and without racing fetches:
 *
 * <ul>
 *   <li>{@code business:created}: seeds the detail entry; added to the first page of every cached
 *       list whose filters it matches; other lists are invalidated.
 *   <li>{@code business:updated}: replaces the business in its detail and in every list holding it;
 *       a filtered list it left, or joined (its cached copy did not match the filters, or no copy
 *       is cached), is invalidated, since where it goes is the server's to say.
 *   <li>{@code business:deleted}: removed from every list; the detail entry is removed.
 *   <li>{@code scraping:progress} / {@code scraping:complete}: update the job's status entry; on
 *       completion, lists and statistics are invalidated.
 *   <li>{@code enrichment:complete}: the business's detail is refetched.
 *   <li>{@code stats:updated}: the statistics are invalidated.
 * </ul>
 *
 * <p>Every change goes through {@link QueryClient#applyServerEvent}: a fetch in flight gets it
 * replayed onto its answer. Changes are version-guarded: a business older than the cached one (by
 * {@code version}, then {@code updatedAt}) never replaces it, so replay is harmless. Pages and
 * lists are copied, never changed in place; untouched elements keep their identity, so a snapshot a
 * listener received earlier never changes. Thread-safe; meant to be called on one serial executor,
 * in arrival order.
 */
public final class LeadEventApplier {
  private final QueryClient client;
  private final Clock clock;

  /**
   * Creates an applier that stamps job changes with the system clock.
   *
   * @param client the cache to change
   */
  public LeadEventApplier(QueryClient client) {
    this(client, Clock.systemUTC());
  }

  /**
   * Creates an applier.
   *
   * @param client the cache to change
   * @param clock stamps the {@code updatedAt} of job changes ({@code VirtualTime.clock()} in tests)
   */
  public LeadEventApplier(QueryClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Applies one event.
   *
   * @param event the event
   */
  public void apply(LeadEvent event) {
    Objects.requireNonNull(event, "event");
    // Java 17 has no pattern switch; the interface is sealed, so this chain is complete.
    if (event instanceof LeadEvent.BusinessCreated created) {
      created(created.business());
    } else if (event instanceof LeadEvent.BusinessUpdated updated) {
      updated(updated.business());
    } else if (event instanceof LeadEvent.BusinessDeleted deleted) {
      deleted(deleted.id());
    } else if (event instanceof LeadEvent.ScrapingProgress progress) {
      progress(progress);
    } else if (event instanceof LeadEvent.ScrapingComplete complete) {
      complete(complete);
    } else if (event instanceof LeadEvent.EnrichmentComplete enriched) {
      refresh(QueryFilter.exact(LeadKeys.detail(enriched.businessId())));
    } else {
      refresh(QueryFilter.exact(LeadKeys.stats())); // StatsUpdated
    }
  }

  private void created(Business business) {
    client.updateQueryData(LeadKeys.detail(business.id()), cached -> newer(cached, business));
    for (QuerySnapshot list : lists()) {
      QueryKey<BusinessPage> key = listKey(list);
      BusinessFilters filters = filtersOf(list);
      if (filters != null
          && isFirstPage(filters)
          && filters.sort() == null // Newest first is the default order; others: refetch.
          && matches(filters, business)) {
        client.applyServerEvent(key, page -> prepended(page, business));
      } else {
        refresh(QueryFilter.exact(key));
      }
    }
  }

  private void updated(Business business) {
    List<QuerySnapshot> lists = lists();
    @Nullable Business previous = cachedCopy(business.id(), lists);
    client.applyServerEvent(LeadKeys.detail(business.id()), cached -> newer(cached, business));
    for (QuerySnapshot list : lists) {
      BusinessFilters filters = filtersOf(list);
      if (filters != null && !matches(filters, business)) {
        refresh(QueryFilter.exact(list.key())); // It may have left this list: let the server say.
      } else if (filters != null
          && isFiltered(filters)
          && (previous == null || !matches(filters, previous))
          && !holds(list, business.id())) {
        // It joined this list, or may have (no cached copy tells): where is for the server.
        refresh(QueryFilter.exact(list.key()));
      } else {
        client.applyServerEvent(listKey(list), page -> replaced(page, business));
      }
    }
  }

  /**
   * The business as this cache last had it (its detail, else a list holding it), to tell which
   * lists it joined; {@code null} if none holds it, and then every filtered list it matches but
   * does not hold may have gained it.
   */
  private @Nullable Business cachedCopy(String id, List<QuerySnapshot> lists) {
    Business detail = client.getQueryData(LeadKeys.detail(id));
    if (detail != null) {
      return detail;
    }
    for (QuerySnapshot list : lists) {
      if (list.state().data() instanceof BusinessPage page) {
        for (Business item : page.items()) {
          if (item.id().equals(id)) {
            return item;
          }
        }
      }
    }
    return null;
  }

  /** Whether a list narrows the businesses down (an unfiltered list holds every one somewhere). */
  private static boolean isFiltered(BusinessFilters filters) {
    return filters.city() != null
        || filters.category() != null
        || filters.status() != null
        || filters.hasEmail() != null
        || filters.enriched() != null
        || filters.search() != null;
  }

  private static boolean holds(QuerySnapshot list, String id) {
    return list.state().data() instanceof BusinessPage page
        && page.items().stream().anyMatch(item -> item.id().equals(id));
  }

  private void deleted(String id) {
    for (QuerySnapshot list : lists()) {
      client.applyServerEvent(listKey(list), page -> without(page, id));
    }
    client.removeQueries(QueryFilter.prefix(LeadKeys.detail(id)));
    // Totals of pages that did not hold it, and the pages after it, are off by one: refetch.
    refresh(QueryFilter.prefix(LeadKeys.lists()));
  }

  private void progress(LeadEvent.ScrapingProgress event) {
    client.applyServerEvent(
        LeadKeys.scrapeStatus(event.jobId()),
        job ->
            job.isDone() || job.progress() > event.progress()
                ? job // Terminal, or an older event arriving late.
                : new ScrapeJob(
                    job.jobId(),
                    JobState.RUNNING,
                    event.progress(),
                    Objects.requireNonNullElse(event.found(), job.found()),
                    Objects.requireNonNullElse(event.saved(), job.saved()),
                    job.error(),
                    job.city(),
                    job.category(),
                    job.createdAt(),
                    later(job.updatedAt()),
                    job.finishedAt()));
  }

  private void complete(LeadEvent.ScrapingComplete event) {
    client.applyServerEvent(
        LeadKeys.scrapeStatus(event.jobId()),
        job ->
            job.isDone()
                ? job
                : new ScrapeJob(
                    job.jobId(),
                    JobState.COMPLETED,
                    100,
                    event.found(),
                    event.saved(),
                    null,
                    job.city(),
                    job.category(),
                    job.createdAt(),
                    later(job.updatedAt()),
                    later(job.updatedAt())));
    refresh(QueryFilter.prefix(LeadKeys.lists()));
    refresh(QueryFilter.exact(LeadKeys.stats()));
  }

  private Instant later(Instant before) {
    Instant now = clock.instant();
    return now.isAfter(before) ? now : before;
  }

  private void refresh(QueryFilter filter) {
    var unused = client.invalidateQueries(filter);
  }

  /** Every cached list, with or without data yet (a first fetch in flight gets the replay). */
  private List<QuerySnapshot> lists() {
    return client.snapshot().stream()
        .filter(s -> s.key().startsWith(LeadKeys.lists()) && s.key().size() > 2)
        .toList();
  }

  @SuppressWarnings("unchecked") // Keys under the lists prefix address business pages.
  private static QueryKey<BusinessPage> listKey(QuerySnapshot list) {
    return (QueryKey<BusinessPage>) list.key();
  }

  private static @Nullable BusinessFilters filtersOf(QuerySnapshot list) {
    List<Object> parts = list.key().parts();
    return parts.size() > 2 && parts.get(2) instanceof BusinessFilters filters ? filters : null;
  }

  private static Business newer(@Nullable Business cached, Business incoming) {
    return cached == null || incoming.isNewerThan(cached) ? incoming : cached;
  }

  private static boolean isFirstPage(BusinessFilters filters) {
    return filters.page() == null || filters.page() == 1;
  }

  /** Whether a business belongs in a filtered list, by the filters the server applies. */
  static boolean matches(BusinessFilters filters, Business business) {
    return equalsIgnoreCase(filters.city(), business.city())
        && equalsIgnoreCase(filters.category(), business.category())
        && (filters.status() == null || filters.status().equals(business.status()))
        && (filters.hasEmail() == null || filters.hasEmail() == (business.email() != null))
        && (filters.enriched() == null
            || filters.enriched()
                == io.github.freshet.client.leads.EnrichmentState.ENRICHED.equals(
                    business.enrichment()))
        && (filters.search() == null || mentions(business, filters.search()));
  }

  private static boolean equalsIgnoreCase(@Nullable String wanted, @Nullable String actual) {
    return wanted == null || (actual != null && wanted.equalsIgnoreCase(actual));
  }

  private static boolean mentions(Business business, String search) {
    String needle = search.toLowerCase(Locale.ROOT);
    for (String field : new String[] {business.name(), business.category(), business.city()}) {
      if (field != null && field.toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** The page with the business in front (if not there yet), one more in total. */
  private static BusinessPage prepended(BusinessPage page, Business business) {
    for (Business existing : page.items()) {
      if (existing.id().equals(business.id())) {
        return replaced(page, business); // Already there (replay): only a newer copy changes it.
      }
    }
    List<Business> items = new ArrayList<>(page.items().size() + 1);
    items.add(business);
    items.addAll(page.items());
    if (items.size() > page.pageSize()) {
      items.remove(items.size() - 1);
    }
    return new BusinessPage(items, page.page(), page.pageSize(), page.total() + 1);
  }

  /** The page with a newer copy of the business in its place; unchanged if none is older. */
  private static BusinessPage replaced(BusinessPage page, Business business) {
    List<Business> items = null; // Copied on the first change only.
    for (int i = 0; i < page.items().size(); i++) {
      Business existing = page.items().get(i);
      if (existing.id().equals(business.id()) && business.isNewerThan(existing)) {
        if (items == null) {
          items = new ArrayList<>(page.items());
        }
        items.set(i, business);
      }
    }
    return items == null
        ? page
        : new BusinessPage(items, page.page(), page.pageSize(), page.total());
  }

  /** The page without the business, one less in total; unchanged if it is not there. */
  private static BusinessPage without(BusinessPage page, String id) {
    List<Business> items = new ArrayList<>(page.items());
    if (!items.removeIf(business -> business.id().equals(id))) {
      return page;
    }
    return new BusinessPage(items, page.page(), page.pageSize(), Math.max(0, page.total() - 1));
  }
}
