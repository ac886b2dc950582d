package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's statistics over all stored businesses and jobs.
 *
 * @param totalBusinesses how many businesses are stored
 * @param withEmail how many have an email address
 * @param withWebsite how many have a website
 * @param enriched how many are enriched
 * @param byStatus business counts by lead status value
 * @param byCategory business counts by category
 * @param activeJobs how many jobs are queued or running
 * @param failedJobs how many jobs failed and wait for a retry
 * @param generatedAt when the server computed these numbers
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DashboardStats(
    @JsonProperty(required = true) long totalBusinesses,
    @JsonProperty(required = true) long withEmail,
    @JsonProperty(required = true) long withWebsite,
    @JsonProperty(required = true) long enriched,
    Map<String, Long> byStatus,
    Map<String, Long> byCategory,
    @JsonProperty(required = true) int activeJobs,
    @JsonProperty(required = true) int failedJobs,
    Instant generatedAt) {

  /**
   * Validates the components; missing maps become empty ones.
   *
   * @throws NullPointerException if {@code generatedAt} is null
   */
  public DashboardStats {
    byStatus = byStatus == null ? Map.of() : Map.copyOf(byStatus);
    byCategory = byCategory == null ? Map.of() : Map.copyOf(byCategory);
    Objects.requireNonNull(generatedAt, "generatedAt");
  }
}
