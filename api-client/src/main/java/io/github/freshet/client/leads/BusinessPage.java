package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One page of a business list.
 *
 * @param items the businesses on this page, at most {@code pageSize}
 * @param page the page's number, from 1
 * @param pageSize the largest number of items a page holds
 * @param total how many businesses match the filters across all pages
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BusinessPage(
    List<Business> items,
    @JsonProperty(required = true) int page,
    @JsonProperty(required = true) int pageSize,
    @JsonProperty(required = true) long total) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code items} is null
   */
  public BusinessPage {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /**
   * Returns how many pages the filtered list has.
   *
   * @return the page count, 0 for an empty list
   */
  public long totalPages() {
    return pageSize <= 0 ? 0 : (total + pageSize - 1) / pageSize;
  }

  /**
   * Returns whether a page follows this one.
   *
   * @return {@code true} if {@code page < totalPages()}
   */
  public boolean hasNext() {
    return page < totalPages();
  }
}
