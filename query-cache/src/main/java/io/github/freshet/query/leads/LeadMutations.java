package io.github.freshet.query.leads;

import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.leads.BatchEnrichmentRequest;
import io.github.freshet.client.leads.BatchEnrichmentResult;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.EnrichmentResult;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.client.leads.ScrapeRequest;
import io.github.freshet.query.MutationOptions;
import io.github.freshet.query.Optimistic;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Ready-made mutations of the Lead API, with optimistic changes that roll back exactly (see {@link
 * io.github.freshet.query.Optimistic}):
 *
 * <ul>
 *   <li>{@link #enrich()} and {@link #enrichBatch()}: the businesses show {@code enriching} at
 *       once, in their detail entry and in every cached list; the detail is refetched when settled.
 *   <li>{@link #update()}: the patch shows at once in the detail and in every list.
 *   <li>{@link #delete()}: the business leaves every list at once (and comes back in its place if
 *       the delete fails); on success its detail entry is removed.
 *   <li>{@link #startScrape()}: no optimistic change; on success the job's status entry is seeded
 *       and polled until the job is done, and then the lists and statistics are invalidated.
 * </ul>
 *
 * <pre>{@code
 * LeadMutations mutations = LeadMutations.of(queryClient, leadsClient);
 * queryClient.mutationObserver(mutations.enrich()).mutate("b_0042");
 * }</pre>
 */
public final class LeadMutations {
  private final QueryClient client;
  private final LeadsClient leads;
  private final LeadQueries queries;

  private LeadMutations(QueryClient client, LeadsClient leads) {
    this.client = client;
    this.leads = leads;
    this.queries = LeadQueries.of(leads);
  }

  /**
   * Returns the mutations over a query client and a Lead API client.
   *
   * @param client the cache the optimistic changes go to
   * @param leads the client the mutations call
   * @return the mutations
   */
  public static LeadMutations of(QueryClient client, LeadsClient leads) {
    return new LeadMutations(
        Objects.requireNonNull(client, "client"), Objects.requireNonNull(leads, "leads"));
  }

  /**
   * Returns the mutation that enriches one business (variables: its id).
   *
   * @return the options
   */
  public MutationOptions<String, EnrichmentResult, Void> enrich() {
    return MutationOptions.<String, EnrichmentResult, Void>builder(
            id -> leads.enrichment().enrichAsync(id))
        .onMutate((id, optimistic) -> {
          markEnriching(optimistic, Set.of(id));
          return null;
        })
        .onError((error, id, context) -> refetchDetails(List.of(id)))
        .build();
  }

  /**
   * Returns the mutation that enriches many businesses at once (variables: their ids).
   *
   * @return the options
   */
  public MutationOptions<List<String>, BatchEnrichmentResult, Void> enrichBatch() {
    return MutationOptions.<List<String>, BatchEnrichmentResult, Void>builder(
            ids -> leads.enrichment().enrichBatchAsync(new BatchEnrichmentRequest(ids)))
        .onMutate((ids, optimistic) -> {
          markEnriching(optimistic, Set.copyOf(ids));
          return null;
        })
        .onError((error, ids, context) -> refetchDetails(ids))
        .build();
  }

  /**
   * Returns the mutation that updates some fields of a business.
   *
   * @return the options
   */
  public MutationOptions<BusinessPatch, Business, Void> update() {
    return MutationOptions.<BusinessPatch, Business, Void>builder(
            patch -> leads.businesses().updateAsync(patch.id(), patch.update()))
        .onMutate((patch, optimistic) -> {
          changeEverywhere(optimistic, Set.of(patch.id()), patch.update()::applyTo);
          return null;
        })
        .onSuccess((business, patch, context) -> keepNewer(business))
        .build();
  }

  /** Writes the server's copy into the detail unless the cache already holds a newer one. */
  private void keepNewer(Business business) {
    client.updateQueryData(
        LeadKeys.detail(business.id()),
        cached -> cached == null || business.isNewerThan(cached) ? business : cached);
  }

  /**
   * Returns the mutation that deletes a business (variables and result: its id).
   *
   * @return the options
   */
  public MutationOptions<String, String, Void> delete() {
    return MutationOptions.<String, String, Void>builder(
            id -> leads.businesses().deleteAsync(id).thenApply(nothing -> id))
        .onMutate((id, optimistic) -> {
          optimistic.updateAll(
              QueryFilter.prefix(LeadKeys.lists()), BusinessPage.class, page -> without(page, id));
          return null;
        })
        .onSuccess((deleted, id, context) -> {
          client.removeQueries(QueryFilter.prefix(LeadKeys.detail(id)));
          // Also lists cached after onMutate, from a fetch older than the delete.
          refreshListsAndStats();
        })
        .build();
  }

  /**
   * Returns the mutation that starts a scrape job. On success the job's status entry is seeded and
   * polled every second until the job is done; then every list and the statistics are invalidated.
   *
   * @return the options
   */
  public MutationOptions<ScrapeRequest, ScrapeJob, Void> startScrape() {
    return MutationOptions.<ScrapeRequest, ScrapeJob, Void>builder(
            request -> leads.scraper().startAsync(request))
        .onSuccess((job, request, context) -> watch(job))
        .build();
  }

  /** Seeds the job's entry and polls it until done, then refreshes what the scrape changed. */
  private void watch(ScrapeJob job) {
    client.setQueryData(LeadKeys.scrapeStatus(job.jobId()), job);
    QueryObserver<ScrapeJob> observer = client.observer(queries.scrapeStatus(job.jobId()));
    AtomicBoolean finished = new AtomicBoolean();
    observer.subscribe(result -> {
      ScrapeJob latest = result.data();
      boolean done = latest != null && latest.isDone();
      boolean gone = result.error() instanceof NotFoundException;
      if ((done || gone) && finished.compareAndSet(false, true)) {
        if (done) {
          refreshListsAndStats();
        }
        observer.close(); // Stops polling; the job's entry is then collected after gcTime.
      }
    });
  }

  private void refreshListsAndStats() {
    var lists = client.invalidateQueries(QueryFilter.prefix(LeadKeys.lists()));
    var stats = client.invalidateQueries(QueryFilter.exact(LeadKeys.stats()));
    var unused = CompletableFuture.allOf(lists, stats);
  }

  private void markEnriching(Optimistic optimistic, Set<String> ids) {
    changeEverywhere(
        optimistic, ids, business -> business.withEnrichment(EnrichmentState.ENRICHING));
  }

  /** Layers a change of some businesses over their details and every list holding them. */
  private static void changeEverywhere(
      Optimistic optimistic, Set<String> ids, UnaryOperator<Business> change) {
    for (String id : ids) {
      optimistic.update(LeadKeys.detail(id), change);
    }
    optimistic.updateAll(
        QueryFilter.prefix(LeadKeys.lists()),
        BusinessPage.class,
        page -> replaced(page, ids, change));
  }

  private void refetchDetails(List<String> ids) {
    for (String id : ids) {
      var unused = client.invalidateQueries(QueryFilter.exact(LeadKeys.detail(id)));
    }
  }

  /** A copy of the page with some businesses changed; the others keep their identity. */
  private static BusinessPage replaced(
      BusinessPage page, Set<String> ids, UnaryOperator<Business> change) {
    List<Business> items = new ArrayList<>(page.items().size());
    boolean changed = false;
    for (Business business : page.items()) {
      if (ids.contains(business.id())) {
        items.add(change.apply(business));
        changed = true;
      } else {
        items.add(business);
      }
    }
    return changed ? new BusinessPage(items, page.page(), page.pageSize(), page.total()) : page;
  }

  /** A copy of the page without a business, its total one less. */
  private static BusinessPage without(BusinessPage page, String id) {
    List<Business> items = new ArrayList<>(page.items());
    if (!items.removeIf(business -> business.id().equals(id))) {
      return page;
    }
    return new BusinessPage(items, page.page(), page.pageSize(), Math.max(0, page.total() - 1));
  }

  /**
   * The variables of {@link #update()}: which business, and what to change.
   *
   * @param id the business's id
   * @param update the fields to change
   */
  public record BusinessPatch(String id, BusinessUpdate update) {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public BusinessPatch {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(update, "update");
    }
  }
}
