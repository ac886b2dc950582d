package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.EnrichmentResult;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.Job;
import io.github.freshet.query.MutationObserver;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code freshet enrich ID...}: enriches businesses with an optimistic update. The cached business
 * shows {@code enriching} at once; if the server refuses, the change rolls back to exactly what was
 * there. With {@code --wait}, follows each accepted enrichment until {@code enrichment:complete}.
 */
@Command(
    name = "enrich",
    mixinStandardHelpOptions = true,
    description = "Enrich businesses (optimistic update, rolled back if the server refuses).")
// Listener registrations are scoped by try-with-resources; the bodies need not name them.
@SuppressWarnings("try")
final class EnrichCommand implements Callable<Integer> {
  /** While waiting for an enrichment's end: how often the detail is refetched as a backstop. */
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

  @ParentCommand @Nullable FreshetCli root;

  @Parameters(arity = "1..*", paramLabel = "ID", description = "The businesses to enrich.")
  List<String> ids = new ArrayList<>();

  @Option(
      names = "--wait",
      description = "Wait until each accepted enrichment completes (enrichment:complete event).")
  boolean waitForCompletion;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "With --wait: give up on a business after this long, for each business"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT1M")
  Duration timeout = Duration.ofMinutes(1);

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    int exitCode = ExitCodes.OK;
    List<Map<String, Object>> report = new ArrayList<>();
    try (Session session = cli.connect()) {
      if (waitForCompletion && !session.openBridge(Commands.EVENTS_CONNECT_WAIT)) {
        console.error(
            "freshet: the event stream is not open (%s); following the enrichments by polling",
            Session.describe(session.bridge(bridge -> {}).state()));
      }
      for (String id : ids) {
        Outcome outcome = enrich(session, console, id, waitForCompletion, timeout);
        report.add(outcome.json());
        Throwable failure = outcome.failure();
        if (failure != null) {
          console.error("freshet: enrich %s: %s", id, ExitCodes.describe(failure));
          if (exitCode == ExitCodes.OK) {
            exitCode = ExitCodes.of(failure); // The first failure's kind.
          }
        }
      }
    }
    console.json(report);
    return exitCode;
  }

  /** What one enrichment did. */
  record Outcome(
      String id,
      @Nullable EnrichmentState before,
      @Nullable EnrichmentState after,
      @Nullable EnrichmentResult accepted,
      @Nullable Throwable failure) {
    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", id);
      json.put(
          "outcome",
          failure == null
              ? "accepted"
              : accepted == null || failure instanceof Commands.Failed ? "failed" : "timed out");
      json.put("before", before == null ? null : before.value());
      json.put("after", after == null ? null : after.value());
      if (accepted != null) {
        json.put("jobId", accepted.jobId());
      }
      if (failure != null) {
        json.put("error", ExitCodes.describe(failure));
        if (accepted == null && before != null) {
          json.put("rolledBack", before.equals(after));
        }
      }
      return json;
    }
  }

  /**
   * Enriches one business and narrates what the cache shows: the optimistic {@code enriching}, then
   * the server's answer or the rollback.
   */
  static Outcome enrich(
      Session session, Console console, String id, boolean waitForCompletion, Duration timeout)
      throws Exception {
    Business loaded;
    try {
      loaded = Commands.await(session.cache().fetchQuery(session.queries().detail(id)));
    } catch (ExecutionException | TimeoutException e) {
      Throwable failure = e.getCause() == null ? e : e.getCause();
      return new Outcome(id, null, null, null, failure); // Not found, say: the next id still runs.
    }
    EnrichmentState before = loaded.enrichment();
    console.say("%s %s: enrichment is %s", id, loaded.name(), before);
    AtomicBoolean pending = new AtomicBoolean(true);
    AtomicReference<EnrichmentState> shown = new AtomicReference<>(before);
    CompletableFuture<Business> finished = new CompletableFuture<>();
    AtomicReference<@Nullable Instant> acceptedAt = new AtomicReference<>();
    AtomicReference<@Nullable Business> printed = new AtomicReference<>();
    try (QueryObserver<Business> detail = session.cache().observer(session.queries().detail(id));
        QueryObserver.Registration unused =
            detail.subscribe(result -> {
              Business business = result.data();
              if (business == null) {
                return;
              }
              EnrichmentState now = business.enrichment();
              EnrichmentState previous = shown.getAndSet(now);
              if (!now.equals(previous)) {
                console.say(
                    "%s   cache: %s -> %s%s",
                    id,
                    previous,
                    now,
                    !pending.get()
                        ? ""
                        : now.equals(before)
                            ? " (rolled back: the server refused)"
                            : " (optimistic, before the server answered)");
              }
              printed.set(business); // Only now: whoever goes on from it comes after the line.
              completeIfDone(business, acceptedAt.get(), finished);
            });
        MutationObserver<String, EnrichmentResult, Void> mutation =
            session.cache().mutationObserver(session.mutations().enrich())) {
      EnrichmentResult accepted;
      try {
        accepted = Commands.await(mutation.mutate(id));
      } catch (ExecutionException | TimeoutException e) {
        Throwable failure = e.getCause() == null ? e : e.getCause();
        pending.set(false);
        Business now = session.cache().getQueryData(session.queries().detail(id).key());
        EnrichmentState after = now == null ? null : now.enrichment();
        console.say(
            "%s   refused: %s; %s",
            id,
            ExitCodes.describe(failure),
            before.equals(after)
                ? "the optimistic change rolled back: enrichment is " + before + " again"
                : "the cache shows " + after);
        return new Outcome(id, before, after, null, failure);
      } finally {
        pending.set(false);
      }
      console.say("%s   accepted: job %s (%s)", id, accepted.jobId(), accepted.state());
      EnrichmentState after = accepted.state();
      if (waitForCompletion) {
        acceptedAt.set(accepted.acceptedAt());
        // What the listener printed last, not the cache's newest state, which the listener may
        // be printing still: the lines stay in order. A later change completes it from there.
        Business seen = printed.get();
        if (seen != null) {
          completeIfDone(seen, accepted.acceptedAt(), finished);
        }
        Business done;
        try {
          done = awaitCompletion(session, id, accepted.jobId(), finished, timeout);
        } catch (TimeoutException e) {
          return new Outcome(id, before, after, accepted, e);
        }
        after = done.enrichment();
        console.say("%s   enrichment:complete -> %s", id, after);
        if (after.equals(EnrichmentState.FAILED)) {
          return new Outcome(
              id,
              before,
              after,
              accepted,
              new Commands.Failed("the enrichment of " + id + " failed on the server"));
        }
      }
      return new Outcome(id, before, after, accepted, null);
    }
  }

  /**
   * Waits for the enrichment's end, which an event brings. Every {@link #POLL_INTERVAL} the job is
   * also asked for, in case the event was missed (the stream was not open, or dropped it): once it
   * has ended, the detail is refetched and its state taken as the end, whatever its {@code
   * updatedAt} says (a server's clock or its timestamps need not agree with the client's).
   */
  private static Business awaitCompletion(
      Session session,
      String id,
      String jobId,
      CompletableFuture<Business> finished,
      Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        finished.cancel(true);
        throw new TimeoutException(
            "gave up after "
                + timeout
                + " waiting for the enrichment of "
                + id
                + " (it goes on on the server)");
      }
      try {
        return finished.get(Math.min(left, POLL_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        Business ended = endedByItsJob(session, id, jobId, deadline);
        if (ended != null) {
          return ended;
        }
      } catch (InterruptedException e) {
        finished.cancel(true);
        throw e;
      }
    }
  }

  /**
   * The business once its enrichment job has ended (refetched), or {@code null} if not yet. Each
   * request waits at most until the deadline: a slow answer is "not yet", never the end of the
   * wait.
   */
  private static @Nullable Business endedByItsJob(
      Session session, String id, String jobId, long deadline) throws InterruptedException {
    var detail = session.queries().detail(id).key();
    try {
      Job job = untilDeadline(session.leads().jobs().retrieveAsync(jobId), deadline);
      if (job != null && !job.state().isTerminal()) {
        return null;
      }
    } catch (ExecutionException noJob) {
      // A server without the job endpoint: the detail alone must say.
    }
    try {
      untilDeadline(session.cache().refetchQueries(QueryFilter.exact(detail)), deadline);
    } catch (ExecutionException refetchFailed) {
      return null; // Tried again at the next tick.
    }
    Business now = session.cache().getQueryData(detail);
    return now != null && isFinal(now) ? now : null;
  }

  /** The future's value, or {@code null} (and cancelled) if the deadline passes first. */
  private static <V> @Nullable V untilDeadline(CompletableFuture<V> future, long deadline)
      throws InterruptedException, ExecutionException {
    try {
      return Commands.await(
          future, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "the backstop");
    } catch (TimeoutException e) {
      return null; // Commands.await cancelled it.
    }
  }

  private static boolean isFinal(Business business) {
    return business.enrichment().equals(EnrichmentState.ENRICHED)
        || business.enrichment().equals(EnrichmentState.FAILED);
  }

  /**
   * Completes {@code finished} once the business shows the end of the enrichment accepted at {@code
   * acceptedAt}: a final state written after it (an older final state is the previous run).
   */
  private static void completeIfDone(
      Business business, @Nullable Instant acceptedAt, CompletableFuture<Business> finished) {
    if (acceptedAt != null && isFinal(business) && !business.updatedAt().isBefore(acceptedAt)) {
      finished.complete(business);
    }
  }
}
