package io.github.freshet.examples.server;

import io.github.freshet.client.leads.BusinessStatus;
import org.jspecify.annotations.Nullable;

/**
 * The validated query of {@code GET /api/businesses}.
 *
 * @param sort the property to sort by, or {@code null} for id order
 */
record ListQuery(
    @Nullable String search,
    @Nullable String city,
    @Nullable String category,
    @Nullable BusinessStatus status,
    @Nullable Boolean hasEmail,
    @Nullable Boolean enriched,
    @Nullable String sort,
    boolean descending,
    int page,
    int pageSize) {}
