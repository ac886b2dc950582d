package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scrape job and its progress.
 *
 * @param jobId the job's id
 * @param state the job's state
 * @param progress how far it has come, 0 to 100
 * @param found how many businesses it found so far
 * @param saved how many of those were new and stored
 * @param error why it failed, or {@code null}
 * @param city the city it searches, or {@code null}
 * @param category the category it searches for, or {@code null}
 * @param createdAt when the job was accepted
 * @param updatedAt when its progress last changed
 * @param finishedAt when it reached a terminal state, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScrapeJob(
    String jobId,
    JobState state,
    @JsonProperty(required = true) int progress,
    @JsonProperty(required = true) int found,
    @JsonProperty(required = true) int saved,
    @Nullable String error,
    @Nullable String city,
    @Nullable String category,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant finishedAt) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if {@code progress} is not between 0 and 100
   */
  public ScrapeJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    if (progress < 0 || progress > 100) {
      throw new IllegalArgumentException("progress must be between 0 and 100: " + progress);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Returns whether the job will not change any more.
   *
   * @return {@code true} if its state is terminal
   */
  public boolean isDone() {
    return state.isTerminal();
  }
}
