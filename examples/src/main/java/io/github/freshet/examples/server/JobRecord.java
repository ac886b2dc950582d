package io.github.freshet.examples.server;

import io.github.freshet.client.leads.FailedJob;
import io.github.freshet.client.leads.Job;
import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/** A background job's mutable state. Guarded by the {@link LeadService}'s lock. */
final class JobRecord {
  static final String SCRAPE = "scrape";
  static final String ENRICHMENT = "enrichment";

  final String id;
  final String type;
  final Instant createdAt;
  JobState state = JobState.QUEUED;
  int progress;
  int attempts;
  @Nullable String error;
  Instant updatedAt;
  @Nullable Instant finishedAt;
  @Nullable Instant failedAt;
  @Nullable ScheduledFuture<?> future;

  // Scrape jobs.
  @Nullable String city;
  @Nullable String category;
  int targetFound;
  int targetSaved;
  int found;
  int saved;

  // Enrichment jobs.
  @Nullable String businessId;

  JobRecord(String id, String type, Instant createdAt) {
    this.id = id;
    this.type = type;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  boolean isActive() {
    return state.equals(JobState.QUEUED) || state.equals(JobState.RUNNING);
  }

  void cancelTimer() {
    ScheduledFuture<?> timer = future;
    if (timer != null) {
      timer.cancel(false);
      future = null;
    }
  }

  Job toJob() {
    return new Job(id, type, state, progress, attempts, error, createdAt, updatedAt);
  }

  ScrapeJob toScrapeJob() {
    return new ScrapeJob(
        id, state, progress, found, saved, error, city, category, createdAt, updatedAt, finishedAt);
  }

  FailedJob toFailedJob() {
    Instant when = failedAt;
    String why = error;
    return new FailedJob(
        id, type, why == null ? "failed" : why, attempts, when == null ? updatedAt : when);
  }
}
