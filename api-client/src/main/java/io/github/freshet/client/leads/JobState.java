package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.github.freshet.client.ExtensibleEnum;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of a background job (a scrape, an enrichment).
 *
 * <p>A value class rather than an enum: a value that a newer server sends decodes as an unknown
 * instance ({@link #isKnown()} is {@code false}) instead of failing.
 */
public final class JobState extends ExtensibleEnum {
  /** Accepted, not started. */
  public static final JobState QUEUED = new JobState("queued", true);

  /** In progress. */
  public static final JobState RUNNING = new JobState("running", true);

  /** Finished successfully; terminal. */
  public static final JobState COMPLETED = new JobState("completed", true);

  /** Finished with an error; terminal. */
  public static final JobState FAILED = new JobState("failed", true);

  /** Cancelled before it finished; terminal. */
  public static final JobState CANCELLED = new JobState("cancelled", true);

  private static final Map<String, JobState> KNOWN =
      index(List.of(QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED));

  private JobState(String value, boolean known) {
    super(value, known);
  }

  /**
   * Returns the value for a raw string: one of the constants if known, else a new unknown value.
   *
   * @param value the raw string, as the server sends it
   * @return the value
   */
  @JsonCreator
  public static JobState of(String value) {
    JobState known = KNOWN.get(Objects.requireNonNull(value, "value"));
    return known != null ? known : new JobState(value, false);
  }

  /**
   * Returns whether a job in this state will not change any more: completed, failed or cancelled.
   * An unknown state is not terminal, so that polling goes on rather than stopping early.
   *
   * @return {@code true} for a terminal state
   */
  public boolean isTerminal() {
    return equals(COMPLETED) || equals(FAILED) || equals(CANCELLED);
  }
}
