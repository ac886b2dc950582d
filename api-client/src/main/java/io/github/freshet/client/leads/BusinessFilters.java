package io.github.freshet.client.leads;

import org.jspecify.annotations.Nullable;

/**
 * The filters, sort order and page of a business list. Immutable and value-based, so it can serve
 * as part of a cache key; build one with {@link #builder()}. Every filter is optional.
 *
 * @param search free text matched against name, category and city, or {@code null}
 * @param city only businesses in this city, or {@code null}
 * @param category only businesses of this category, or {@code null}
 * @param status only businesses with this lead status, or {@code null}
 * @param hasEmail only businesses with (or without) an email address, or {@code null}
 * @param enriched only enriched (or not enriched) businesses, or {@code null}
 * @param sort the sort order, such as {@code name} or {@code -rating} (descending), or {@code null}
 * @param page the page number from 1, or {@code null} for the first
 * @param pageSize the page size from 1 to 100, or {@code null} for the server's default (20)
 */
public record BusinessFilters(
    @Nullable String search,
    @Nullable String city,
    @Nullable String category,
    @Nullable BusinessStatus status,
    @Nullable Boolean hasEmail,
    @Nullable Boolean enriched,
    @Nullable String sort,
    @Nullable Integer page,
    @Nullable Integer pageSize) {

  /** The largest page size the Lead API serves. */
  public static final int MAX_PAGE_SIZE = 100;

  private static final BusinessFilters NONE =
      new BusinessFilters(null, null, null, null, null, null, null, null, null);

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code page} is less than 1 or {@code pageSize} is not
   *     between 1 and {@value #MAX_PAGE_SIZE}
   */
  public BusinessFilters {
    if (page != null && page < 1) {
      throw new IllegalArgumentException("page must be at least 1: " + page);
    }
    if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
      throw new IllegalArgumentException(
          "pageSize must be between 1 and " + MAX_PAGE_SIZE + ": " + pageSize);
    }
  }

  /**
   * Returns the filters that select everything, first page.
   *
   * @return no filters
   */
  public static BusinessFilters none() {
    return NONE;
  }

  /**
   * Returns a builder with no filters set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these filters.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .search(search)
        .city(city)
        .category(category)
        .status(status)
        .hasEmail(hasEmail)
        .enriched(enriched)
        .sort(sort)
        .page(page)
        .pageSize(pageSize);
  }

  /**
   * Returns the same filters for another page.
   *
   * @param page the page number from 1
   * @return the filters
   */
  public BusinessFilters withPage(int page) {
    return toBuilder().page(page).build();
  }

  /** Builds {@link BusinessFilters}; a {@code null} argument clears that filter. */
  public static final class Builder {
    private @Nullable String search;
    private @Nullable String city;
    private @Nullable String category;
    private @Nullable BusinessStatus status;
    private @Nullable Boolean hasEmail;
    private @Nullable Boolean enriched;
    private @Nullable String sort;
    private @Nullable Integer page;
    private @Nullable Integer pageSize;

    private Builder() {}

    /**
     * Sets the free-text search.
     *
     * @param search the text, or {@code null}
     * @return this builder
     */
    public Builder search(@Nullable String search) {
      this.search = search;
      return this;
    }

    /**
     * Sets the city filter.
     *
     * @param city the city, or {@code null}
     * @return this builder
     */
    public Builder city(@Nullable String city) {
      this.city = city;
      return this;
    }

    /**
     * Sets the category filter.
     *
     * @param category the category, or {@code null}
     * @return this builder
     */
    public Builder category(@Nullable String category) {
      this.category = category;
      return this;
    }

    /**
     * Sets the lead status filter.
     *
     * @param status the status, or {@code null}
     * @return this builder
     */
    public Builder status(@Nullable BusinessStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Sets the has-email filter.
     *
     * @param hasEmail {@code true} for businesses with an email, {@code false} for those without,
     *     or {@code null}
     * @return this builder
     */
    public Builder hasEmail(@Nullable Boolean hasEmail) {
      this.hasEmail = hasEmail;
      return this;
    }

    /**
     * Sets the enriched filter.
     *
     * @param enriched {@code true} for enriched businesses, {@code false} for the others, or {@code
     *     null}
     * @return this builder
     */
    public Builder enriched(@Nullable Boolean enriched) {
      this.enriched = enriched;
      return this;
    }

    /**
     * Sets the sort order.
     *
     * @param sort a field name, prefixed with {@code -} for descending, or {@code null}
     * @return this builder
     */
    public Builder sort(@Nullable String sort) {
      this.sort = sort;
      return this;
    }

    /**
     * Sets the page.
     *
     * @param page the page number from 1, or {@code null}
     * @return this builder
     */
    public Builder page(@Nullable Integer page) {
      this.page = page;
      return this;
    }

    /**
     * Sets the page size.
     *
     * @param pageSize from 1 to {@value BusinessFilters#MAX_PAGE_SIZE}, or {@code null}
     * @return this builder
     */
    public Builder pageSize(@Nullable Integer pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Builds the filters.
     *
     * @return the filters
     * @throws IllegalArgumentException if the page or page size is out of range
     */
    public BusinessFilters build() {
      return new BusinessFilters(
          search, city, category, status, hasEmail, enriched, sort, page, pageSize);
    }
  }
}
