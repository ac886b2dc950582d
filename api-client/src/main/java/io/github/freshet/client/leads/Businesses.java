package io.github.freshet.client.leads;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.ApiRequest;
import io.github.freshet.client.HttpMethod;
import io.github.freshet.client.ResponseType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The business endpoints of the Lead API. Get it from {@link LeadsClient#businesses()}. Each method
 * has an {@code *Async} twin that returns a future instead of blocking; both throw (or fail with)
 * the exceptions that {@link ApiClient#execute} documents.
 */
public final class Businesses {
  private static final ResponseType<BusinessPage> PAGE = ResponseType.of(BusinessPage.class);
  private static final ResponseType<Business> BUSINESS = ResponseType.of(Business.class);
  private static final ResponseType<List<Contact>> CONTACTS = ResponseType.listOf(Contact.class);
  private static final ResponseType<DashboardStats> STATS = ResponseType.of(DashboardStats.class);

  private final ApiClient api;

  Businesses(ApiClient api) {
    this.api = api;
  }

  /**
   * Lists businesses, one page at a time ({@code GET /api/businesses}).
   *
   * @param filters the filters, sort order and page
   * @return the page
   */
  public BusinessPage list(BusinessFilters filters) {
    return api.execute(listRequest(filters), PAGE);
  }

  /**
   * Lists businesses without blocking.
   *
   * @param filters the filters, sort order and page
   * @return the page's future
   */
  public CompletableFuture<BusinessPage> listAsync(BusinessFilters filters) {
    return api.executeAsync(listRequest(filters), PAGE);
  }

  /**
   * Retrieves one business with its contacts ({@code GET /api/businesses/{id}}).
   *
   * @param id the business's id
   * @return the business
   * @throws io.github.freshet.client.NotFoundException if there is no such business
   */
  public Business retrieve(String id) {
    return api.execute(byId(HttpMethod.GET, "/api/businesses/{id}", id).build(), BUSINESS);
  }

  /**
   * Retrieves one business without blocking.
   *
   * @param id the business's id
   * @return the business's future
   */
  public CompletableFuture<Business> retrieveAsync(String id) {
    return api.executeAsync(byId(HttpMethod.GET, "/api/businesses/{id}", id).build(), BUSINESS);
  }

  /**
   * Lists a business's contacts ({@code GET /api/businesses/{id}/contacts}).
   *
   * @param id the business's id
   * @return the contacts, possibly empty
   */
  public List<Contact> contacts(String id) {
    return api.execute(contactsRequest(id), CONTACTS);
  }

  /**
   * Lists a business's contacts without blocking.
   *
   * @param id the business's id
   * @return the contacts' future
   */
  public CompletableFuture<List<Contact>> contactsAsync(String id) {
    return api.executeAsync(contactsRequest(id), CONTACTS);
  }

  /**
   * Updates some fields of a business ({@code PATCH /api/businesses/{id}}). Sent with an {@code
   * Idempotency-Key}, so it is retried like a GET.
   *
   * @param id the business's id
   * @param update the fields to change
   * @return the business after the update, with a higher version
   */
  public Business update(String id, BusinessUpdate update) {
    return api.execute(updateRequest(id, update), BUSINESS);
  }

  /**
   * Updates some fields of a business without blocking.
   *
   * @param id the business's id
   * @param update the fields to change
   * @return the updated business's future
   */
  public CompletableFuture<Business> updateAsync(String id, BusinessUpdate update) {
    return api.executeAsync(updateRequest(id, update), BUSINESS);
  }

  /**
   * Deletes a business ({@code DELETE /api/businesses/{id}}).
   *
   * @param id the business's id
   */
  public void delete(String id) {
    api.execute(byId(HttpMethod.DELETE, "/api/businesses/{id}", id).build(), ResponseType.none());
  }

  /**
   * Deletes a business without blocking.
   *
   * @param id the business's id
   * @return a future that completes when the business is gone
   */
  public CompletableFuture<Void> deleteAsync(String id) {
    return api.executeAsync(
        byId(HttpMethod.DELETE, "/api/businesses/{id}", id).build(), ResponseType.none());
  }

  /**
   * Returns the dashboard statistics ({@code GET /api/businesses/stats}).
   *
   * @return the statistics
   */
  public DashboardStats stats() {
    return api.execute(statsRequest(), STATS);
  }

  /**
   * Returns the dashboard statistics without blocking.
   *
   * @return the statistics' future
   */
  public CompletableFuture<DashboardStats> statsAsync() {
    return api.executeAsync(statsRequest(), STATS);
  }

  static ApiRequest.Builder byId(HttpMethod method, String template, String id) {
    Objects.requireNonNull(id, "id");
    return ApiRequest.builder(method, template)
        .pathParam(template.contains("{jobId}") ? "jobId" : "id", id);
  }

  private static ApiRequest listRequest(BusinessFilters filters) {
    Objects.requireNonNull(filters, "filters");
    return ApiRequest.builder(HttpMethod.GET, "/api/businesses")
        .query("search", filters.search())
        .query("city", filters.city())
        .query("category", filters.category())
        .query("status", filters.status())
        .query("hasEmail", filters.hasEmail())
        .query("enriched", filters.enriched())
        .query("sort", filters.sort())
        .query("page", filters.page())
        .query("pageSize", filters.pageSize())
        .build();
  }

  private static ApiRequest contactsRequest(String id) {
    return byId(HttpMethod.GET, "/api/businesses/{id}/contacts", id).build();
  }

  private static ApiRequest updateRequest(String id, BusinessUpdate update) {
    Objects.requireNonNull(update, "update");
    return byId(HttpMethod.PATCH, "/api/businesses/{id}", id).body(update).idempotencyKey().build();
  }

  private static ApiRequest statsRequest() {
    return ApiRequest.builder(HttpMethod.GET, "/api/businesses/stats").build();
  }
}
