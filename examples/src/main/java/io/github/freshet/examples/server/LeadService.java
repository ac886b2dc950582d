package io.github.freshet.examples.server;

import io.github.freshet.client.leads.BatchEnrichmentResult;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.client.leads.EnrichmentResult;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.FailedJob;
import io.github.freshet.client.leads.Job;
import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lead API's data and behaviour: the business store, the jobs (scrapes, enrichments) and the
 * events they publish. Knows nothing of HTTP; answers errors as {@link HttpError}s.
 *
 * <p>Implementation notes: one lock (this object's monitor) guards the businesses and the jobs, and
 * events are published while holding it, so that the event order is the order of the changes (lock
 * order: this, then the {@link EventLog}). Scheduled work runs on the one scheduler thread and
 * takes the same lock.
 */
final class LeadService {
  private static final Logger log = LoggerFactory.getLogger(LeadService.class);
  private static final int SCRAPE_STEPS = 20; // progress events every 5 %

  private final Map<String, Business> businesses = new LinkedHashMap<>();
  private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
  private final EventLog events;
  private final ScheduledExecutorService scheduler;
  private final SeededRandom random;
  private long enrichmentRequests; // Under this service's lock: the key of each reject draw.
  private final Clock clock;
  private final Duration scrapeDuration;
  private final Duration enrichmentDelay;
  private volatile double rejectRate;
  private volatile double failureRate;
  private int lastBusiness;
  private int lastContact;
  private int lastJob;

  LeadService(
      long seed,
      int businessCount,
      EventLog events,
      ScheduledExecutorService scheduler,
      SeededRandom random,
      Clock clock,
      Duration scrapeDuration,
      Duration enrichmentDelay,
      double rejectRate,
      double failureRate) {
    this.events = events;
    this.scheduler = scheduler;
    this.random = random;
    this.clock = clock;
    this.scrapeDuration = scrapeDuration;
    this.enrichmentDelay = enrichmentDelay;
    this.rejectRate = rejectRate;
    this.failureRate = failureRate;
    synchronized (this) {
      for (Business business :
          BusinessFactory.seed(seed, businessCount, this::nextBusinessId, this::nextContactId)) {
        businesses.put(business.id(), business);
      }
    }
  }

  void rejectRate(double rate) {
    this.rejectRate = rate;
  }

  void failureRate(double rate) {
    this.failureRate = rate;
  }

  // ------------------------------------------------------------------ businesses

  synchronized BusinessPage list(ListQuery query) {
    List<Business> matching = new ArrayList<>();
    for (Business business : businesses.values()) {
      if (matches(business, query)) {
        matching.add(business);
      }
    }
    String sort = query.sort();
    if (sort != null) {
      matching.sort(comparator(sort, query.descending()));
    }
    long from = (long) (query.page() - 1) * query.pageSize();
    List<Business> items =
        from >= matching.size()
            ? List.of()
            : matching.subList(
                (int) from, (int) Math.min(matching.size(), from + query.pageSize()));
    return new BusinessPage(items, query.page(), query.pageSize(), matching.size());
  }

  synchronized Business retrieve(String id) {
    Business business = businesses.get(id);
    if (business == null) {
      throw HttpError.notFound("business", id);
    }
    return business;
  }

  synchronized List<Contact> contacts(String id) {
    return retrieve(id).contacts();
  }

  synchronized Business update(String id, BusinessUpdate update) {
    Business before = retrieve(id);
    Business after = bump(update.applyTo(before));
    businesses.put(id, after);
    events.publish("business:updated", after);
    events.publish("stats:updated", null);
    return after;
  }

  synchronized void delete(String id) {
    retrieve(id);
    businesses.remove(id);
    events.publish("business:deleted", Map.of("id", id));
    events.publish("stats:updated", null);
  }

  synchronized DashboardStats stats() {
    long withEmail = 0;
    long withWebsite = 0;
    long enriched = 0;
    Map<String, Long> byStatus = new TreeMap<>();
    for (String status : List.of("new", "contacted", "qualified", "converted", "lost")) {
      byStatus.put(status, 0L);
    }
    Map<String, Long> byCategory = new TreeMap<>();
    for (Business business : businesses.values()) {
      withEmail += business.email() != null ? 1 : 0;
      withWebsite += business.website() != null ? 1 : 0;
      enriched += business.enrichment().equals(EnrichmentState.ENRICHED) ? 1 : 0;
      byStatus.merge(business.status().value(), 1L, Long::sum);
      String category = business.category();
      if (category != null) {
        byCategory.merge(category, 1L, Long::sum);
      }
    }
    int active = 0;
    int failed = 0;
    for (JobRecord job : jobs.values()) {
      active += job.isActive() ? 1 : 0;
      failed += job.state.equals(JobState.FAILED) ? 1 : 0;
    }
    return new DashboardStats(
        businesses.size(),
        withEmail,
        withWebsite,
        enriched,
        byStatus,
        byCategory,
        active,
        failed,
        now());
  }

  // ------------------------------------------------------------------ scraper

  synchronized ScrapeJob startScrape(String city, String category, @Nullable Integer limit) {
    JobRecord job = new JobRecord(nextJobId(), JobRecord.SCRAPE, now());
    job.city = city.trim();
    job.category = category.trim();
    int max = limit == null ? 100 : limit;
    Random size = random.forKey("scrape-size", job.id);
    job.targetSaved = Math.min(max, 3 + size.nextInt(4));
    job.targetFound = Math.min(max, job.targetSaved + size.nextInt(7));
    jobs.put(job.id, job);
    scheduleScrape(job);
    events.publish("stats:updated", null);
    return job.toScrapeJob();
  }

  synchronized ScrapeJob scrapeStatus(String jobId) {
    return scrapeJob(jobId).toScrapeJob();
  }

  synchronized ScrapeJob cancelScrape(String jobId) {
    JobRecord job = scrapeJob(jobId);
    if (job.state.isTerminal()) {
      return job.toScrapeJob();
    }
    job.cancelTimer();
    job.state = JobState.CANCELLED;
    job.updatedAt = now();
    job.finishedAt = job.updatedAt;
    events.publish("stats:updated", null);
    return job.toScrapeJob();
  }

  private JobRecord scrapeJob(String jobId) {
    JobRecord job = jobs.get(jobId);
    if (job == null || !job.type.equals(JobRecord.SCRAPE)) {
      throw HttpError.notFound("scrape job", jobId);
    }
    return job;
  }

  private void scheduleScrape(JobRecord job) {
    long period = Math.max(1, scrapeDuration.toNanos() / SCRAPE_STEPS);
    job.future =
        schedule(() ->
            scheduler.scheduleAtFixedRate(
                () -> guarded(() -> scrapeStep(job)), period, period, TimeUnit.NANOSECONDS));
  }

  private synchronized void scrapeStep(JobRecord job) {
    if (!job.isActive()) {
      job.cancelTimer();
      return;
    }
    job.state = JobState.RUNNING;
    job.progress = Math.min(100, job.progress + 100 / SCRAPE_STEPS);
    job.found = job.targetFound * job.progress / 100;
    job.saved = job.targetSaved * job.progress / 100;
    job.updatedAt = now();
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("jobId", job.id);
    progress.put("progress", job.progress);
    progress.put("found", job.found);
    progress.put("saved", job.saved);
    events.publish("scraping:progress", progress);
    if (job.progress < 100) {
      return;
    }
    job.cancelTimer();
    String city = job.city == null ? "Austin" : job.city;
    String category = job.category == null ? "plumber" : job.category;
    Random results = random.forKey("scrape-results", job.id + "#" + job.attempts);
    for (int i = 0; i < job.targetSaved; i++) {
      Instant created = now();
      Business business =
          BusinessFactory.business(
              results,
              nextBusinessId(),
              city,
              category,
              BusinessStatus.NEW,
              EnrichmentState.NONE,
              this::nextContactId,
              created,
              created);
      businesses.put(business.id(), business);
      events.publish("business:created", business);
    }
    job.state = JobState.COMPLETED;
    job.updatedAt = now();
    job.finishedAt = job.updatedAt;
    Map<String, Object> complete = new LinkedHashMap<>();
    complete.put("jobId", job.id);
    complete.put("found", job.found);
    complete.put("saved", job.saved);
    events.publish("scraping:complete", complete);
    events.publish("stats:updated", null);
  }

  // ------------------------------------------------------------------ enrichment

  synchronized EnrichmentResult enrich(String businessId) {
    Business business = retrieve(businessId);
    if (isEnriching(business)) {
      throw HttpError.conflict(
          "already_enriching", "Business " + businessId + " is already being enriched");
    }
    if (random.chance(rejectRate, "reject", Long.toString(++enrichmentRequests))) {
      throw new HttpError(
          503, "enrichment_unavailable", "The enrichment service is unavailable; try again later");
    }
    JobRecord job = new JobRecord(nextJobId(), JobRecord.ENRICHMENT, now());
    job.businessId = businessId;
    jobs.put(job.id, job);
    queueEnrichment(job, business);
    return new EnrichmentResult(businessId, job.id, EnrichmentState.PENDING, job.createdAt);
  }

  synchronized BatchEnrichmentResult enrichBatch(List<String> businessIds) {
    List<EnrichmentResult> accepted = new ArrayList<>();
    List<BatchEnrichmentResult.Rejection> rejected = new ArrayList<>();
    for (String id : businessIds) {
      Business business = businesses.get(id);
      if (business == null) {
        rejected.add(new BatchEnrichmentResult.Rejection(id, "not_found"));
      } else if (isEnriching(business)) {
        rejected.add(new BatchEnrichmentResult.Rejection(id, "already_enriching"));
      } else {
        JobRecord job = new JobRecord(nextJobId(), JobRecord.ENRICHMENT, now());
        job.businessId = id;
        jobs.put(job.id, job);
        queueEnrichment(job, business);
        accepted.add(new EnrichmentResult(id, job.id, EnrichmentState.PENDING, job.createdAt));
      }
    }
    return new BatchEnrichmentResult(accepted, rejected);
  }

  private static boolean isEnriching(Business business) {
    return business.enrichment().equals(EnrichmentState.PENDING)
        || business.enrichment().equals(EnrichmentState.ENRICHING);
  }

  /** Marks the business pending and schedules the job's end. */
  private void queueEnrichment(JobRecord job, Business business) {
    Business pending = bump(business.withEnrichment(EnrichmentState.PENDING));
    businesses.put(pending.id(), pending);
    events.publish("business:updated", pending);
    events.publish("stats:updated", null);
    job.future =
        schedule(() ->
            scheduler.schedule(
                () -> guarded(() -> finishEnrichment(job)),
                enrichmentDelay.toNanos(),
                TimeUnit.NANOSECONDS));
  }

  private synchronized void finishEnrichment(JobRecord job) {
    if (!job.isActive()) {
      return;
    }
    job.future = null;
    job.attempts++;
    job.updatedAt = now();
    String businessId = job.businessId == null ? "" : job.businessId;
    Business business = businesses.get(businessId);
    if (business == null) {
      job.state = JobState.CANCELLED;
      job.error = "The business was deleted";
      events.publish("stats:updated", null);
      return;
    }
    Business after;
    String outcome;
    if (random.chance(failureRate, "enrichment-failure", job.id + "#" + job.attempts)) {
      job.state = JobState.FAILED;
      job.error = "The enrichment source timed out";
      job.failedAt = job.updatedAt;
      after = bump(business.withEnrichment(EnrichmentState.FAILED));
      outcome = "failed";
    } else {
      job.state = JobState.COMPLETED;
      job.progress = 100;
      job.error = null;
      after = bump(enriched(business, random.forKey("contacts", job.id + "#" + job.attempts)));
      outcome = "enriched";
    }
    businesses.put(after.id(), after);
    events.publish("business:updated", after);
    Map<String, Object> complete = new LinkedHashMap<>();
    complete.put("businessId", businessId);
    complete.put("state", outcome);
    events.publish("enrichment:complete", complete);
    events.publish("stats:updated", null);
  }

  private Business enriched(Business business, Random draws) {
    List<Contact> contacts =
        business.contacts().isEmpty()
            ? BusinessFactory.contacts(draws, business, this::nextContactId)
            : business.contacts();
    String domain =
        business.name().toLowerCase(Locale.ROOT).replace("&", "and").replaceAll("[^a-z0-9]", "")
            + ".example";
    String website = business.website() != null ? business.website() : "https://" + domain;
    String email = business.email() != null ? business.email() : "hello@" + domain;
    return new Business(
        business.id(),
        business.name(),
        business.category(),
        business.address(),
        business.city(),
        business.phone(),
        website,
        email,
        business.rating(),
        business.status(),
        EnrichmentState.ENRICHED,
        contacts,
        business.version(),
        business.createdAt(),
        business.updatedAt());
  }

  // ------------------------------------------------------------------ jobs

  synchronized Job job(String id) {
    JobRecord job = jobs.get(id);
    if (job == null) {
      throw HttpError.notFound("job", id);
    }
    return job.toJob();
  }

  synchronized List<FailedJob> failedJobs() {
    List<FailedJob> failed = new ArrayList<>();
    for (JobRecord job : jobs.values()) {
      if (job.state.equals(JobState.FAILED)) {
        failed.add(job.toFailedJob());
      }
    }
    return failed;
  }

  synchronized Job retry(String id) {
    JobRecord job = jobs.get(id);
    if (job == null) {
      throw HttpError.notFound("job", id);
    }
    if (!job.state.equals(JobState.FAILED)) {
      throw HttpError.conflict("job_not_failed", "Job " + id + " is " + job.state + ", not failed");
    }
    // Every refusal before the first change: a refused retry leaves the job as it was.
    Business business = null;
    if (job.type.equals(JobRecord.ENRICHMENT)) {
      String businessId = job.businessId == null ? "" : job.businessId;
      business = businesses.get(businessId);
      if (business == null || isEnriching(business)) {
        throw HttpError.conflict(
            "cannot_retry", "Business " + businessId + " is gone or already being enriched");
      }
    }
    job.state = JobState.QUEUED;
    job.progress = 0;
    job.failedAt = null;
    job.updatedAt = now();
    if (business != null) {
      queueEnrichment(job, business);
    } else {
      job.found = 0;
      job.saved = 0;
      job.finishedAt = null;
      scheduleScrape(job);
      events.publish("stats:updated", null);
    }
    return job.toJob();
  }

  /** Stops every job's timer; the jobs keep their state. */
  synchronized void cancelTimers() {
    for (JobRecord job : jobs.values()) {
      job.cancelTimer();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static boolean matches(Business business, ListQuery query) {
    String search = query.search();
    if (search != null) {
      String needle = search.toLowerCase(Locale.ROOT);
      if (!contains(business.name(), needle)
          && !contains(business.category(), needle)
          && !contains(business.city(), needle)) {
        return false;
      }
    }
    String city = query.city();
    if (city != null && !city.equalsIgnoreCase(business.city())) {
      return false;
    }
    String category = query.category();
    if (category != null && !category.equalsIgnoreCase(business.category())) {
      return false;
    }
    BusinessStatus status = query.status();
    if (status != null && !status.equals(business.status())) {
      return false;
    }
    Boolean hasEmail = query.hasEmail();
    if (hasEmail != null && hasEmail != (business.email() != null)) {
      return false;
    }
    Boolean enriched = query.enriched();
    return enriched == null || enriched == business.enrichment().equals(EnrichmentState.ENRICHED);
  }

  private static boolean contains(@Nullable String haystack, String needle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
  }

  /** The order for a sort property; businesses without the property come last either way. */
  static Comparator<Business> comparator(String property, boolean descending) {
    Comparator<String> text =
        descending ? String.CASE_INSENSITIVE_ORDER.reversed() : String.CASE_INSENSITIVE_ORDER;
    Comparator<Business> order =
        switch (property) {
          case "name" -> Comparator.comparing(Business::name, text);
          case "city" -> Comparator.comparing(Business::city, Comparator.nullsLast(text));
          case "category" -> Comparator.comparing(Business::category, Comparator.nullsLast(text));
          case "rating" ->
              Comparator.comparing(
                  Business::rating,
                  Comparator.nullsLast(
                      descending
                          ? Comparator.<Double>reverseOrder()
                          : Comparator.<Double>naturalOrder()));
          case "status" -> directed(business -> business.status().value(), descending);
          case "createdAt" -> directed(Business::createdAt, descending);
          case "updatedAt" -> directed(Business::updatedAt, descending);
          default -> throw new IllegalArgumentException("Unknown sort property: " + property);
        };
    // Ties keep id order, whatever the direction, so that pages are stable.
    return order.thenComparing(Business::id);
  }

  private static <T extends Comparable<? super T>> Comparator<Business> directed(
      java.util.function.Function<Business, T> key, boolean descending) {
    Comparator<Business> order = Comparator.comparing(key);
    return descending ? order.reversed() : order;
  }

  private Business bump(Business business) {
    Instant updated = now();
    if (!updated.isAfter(business.updatedAt())) {
      updated = business.updatedAt().plusMillis(1);
    }
    return new Business(
        business.id(),
        business.name(),
        business.category(),
        business.address(),
        business.city(),
        business.phone(),
        business.website(),
        business.email(),
        business.rating(),
        business.status(),
        business.enrichment(),
        business.contacts(),
        business.version() + 1,
        business.createdAt(),
        updated);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private String nextBusinessId() {
    return String.format(Locale.ROOT, "biz_%04d", ++lastBusiness);
  }

  private String nextContactId() {
    return String.format(Locale.ROOT, "con_%04d", ++lastContact);
  }

  private String nextJobId() {
    return String.format(Locale.ROOT, "job_%04d", ++lastJob);
  }

  private static <T> @Nullable T schedule(Supplier<T> scheduling) {
    try {
      return scheduling.get();
    } catch (RejectedExecutionException e) {
      return null; // Closed: the job stays queued, as it would if the server were killed.
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("Background task failed", e);
    }
  }
}
