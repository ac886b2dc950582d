package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A background job of any type, as the generic job endpoints report it.
 *
 * @param id the job's id
 * @param type what the job does, such as {@code scrape} or {@code enrichment}
 * @param state the job's state
 * @param progress how far it has come, 0 to 100
 * @param attempts how many times it has run
 * @param error why its last run failed, or {@code null}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(
    String id,
    String type,
    JobState state,
    @JsonProperty(required = true) int progress,
    @JsonProperty(required = true) int attempts,
    @Nullable String error,
    Instant createdAt,
    Instant updatedAt) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if a required component is null
   */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
