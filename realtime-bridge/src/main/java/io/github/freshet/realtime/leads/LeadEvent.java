package io.github.freshet.realtime.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.EnrichmentState;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A server event of the Lead API, decoded: one record per event in the catalogue ({@code
 * docs/events.md}). Decode with {@link LeadEvents#decode}; apply with {@link LeadEventApplier}.
 */
public sealed interface LeadEvent {
  /**
   * {@code business:created}: a business was stored.
   *
   * @param business the new business
   */
  record BusinessCreated(Business business) implements LeadEvent {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the business is null
     */
    public BusinessCreated {
      Objects.requireNonNull(business, "business");
    }
  }

  /**
   * {@code business:updated}: a business changed.
   *
   * @param business the business as it is now
   */
  record BusinessUpdated(Business business) implements LeadEvent {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the business is null
     */
    public BusinessUpdated {
      Objects.requireNonNull(business, "business");
    }
  }

  /**
   * {@code business:deleted}: a business is gone.
   *
   * @param id the business's id
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record BusinessDeleted(String id) implements LeadEvent {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the id is null
     */
    public BusinessDeleted {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * {@code scraping:progress}: a scrape job moved on.
   *
   * @param jobId the job's id
   * @param progress how far it has come, 0 to 100
   * @param found how many businesses it found so far, or {@code null} if not sent
   * @param saved how many it stored so far, or {@code null} if not sent
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScrapingProgress(
      String jobId, int progress, @Nullable Integer found, @Nullable Integer saved)
      implements LeadEvent {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the job id is null
     * @throws IllegalArgumentException if progress is not between 0 and 100
     */
    public ScrapingProgress {
      Objects.requireNonNull(jobId, "jobId");
      if (progress < 0 || progress > 100) {
        throw new IllegalArgumentException("progress must be between 0 and 100: " + progress);
      }
    }
  }

  /**
   * {@code scraping:complete}: a scrape job finished.
   *
   * @param jobId the job's id
   * @param found how many businesses it found
   * @param saved how many of them were new and stored
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScrapingComplete(String jobId, int found, int saved) implements LeadEvent {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the job id is null
     */
    public ScrapingComplete {
      Objects.requireNonNull(jobId, "jobId");
    }
  }

  /**
   * {@code enrichment:complete}: a business's enrichment ended.
   *
   * @param businessId the business's id
   * @param state how it ended, or {@code null} if not sent
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record EnrichmentComplete(String businessId, @Nullable EnrichmentState state)
      implements LeadEvent {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the business id is null
     */
    public EnrichmentComplete {
      Objects.requireNonNull(businessId, "businessId");
    }
  }

  /** {@code stats:updated}: the dashboard statistics changed. */
  record StatsUpdated() implements LeadEvent {}
}
