package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A job that failed and can be retried ({@code GET /api/jobs/failed}).
 *
 * @param id the job's id
 * @param type what the job does
 * @param error why it failed
 * @param attempts how many times it ran
 * @param failedAt when it last failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FailedJob(
    String id,
    String type,
    String error,
    @JsonProperty(required = true) int attempts,
    Instant failedAt) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if a component is null
   */
  public FailedJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(failedAt, "failedAt");
  }
}
