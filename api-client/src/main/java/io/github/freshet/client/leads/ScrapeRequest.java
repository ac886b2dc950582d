package io.github.freshet.client.leads;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a scrape job should look for ({@code POST /api/scraper/scrape}).
 *
 * @param city the city to search in
 * @param category the kind of business to search for, such as {@code plumber}
 * @param limit the most businesses to collect, 1 to {@value #MAX_LIMIT}, or {@code null} for the
 *     server's default
 */
public record ScrapeRequest(String city, String category, @Nullable Integer limit) {
  /** The most businesses one scrape may collect. */
  public static final int MAX_LIMIT = 500;

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code city} or {@code category} is blank, or {@code limit}
   *     is out of range
   */
  public ScrapeRequest {
    if (Objects.requireNonNull(city, "city").isBlank()) {
      throw new IllegalArgumentException("city must not be blank");
    }
    if (Objects.requireNonNull(category, "category").isBlank()) {
      throw new IllegalArgumentException("category must not be blank");
    }
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
    }
  }

  /**
   * Returns a request with the server's default limit.
   *
   * @param city the city
   * @param category the category
   * @return the request
   */
  public static ScrapeRequest of(String city, String category) {
    return new ScrapeRequest(city, category, null);
  }
}
