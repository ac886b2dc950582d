package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.EnrichmentResult;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.query.MutationObserver;
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
      description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT1M")
  Duration timeout = Duration.ofMinutes(1);

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    int exitCode = ExitCodes.OK;
    List<Map<String, Object>> report = new ArrayList<>();
    try (Session session = cli.connect()) {
      if (waitForCompletion) {
        session.bridge(bridge -> {});
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
      json.put("outcome", failure == null ? "accepted" : accepted == null ? "failed" : "timed out");
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
        Business current = detail.current().data();
        if (current != null) {
          completeIfDone(current, accepted.acceptedAt(), finished);
        }
        Business done;
        try {
          done =
              Commands.await(
                  finished, timeout, "the enrichment of " + id + " (it goes on on the server)");
        } catch (TimeoutException e) {
          return new Outcome(id, before, after, accepted, e);
        }
        after = done.enrichment();
        console.say("%s   enrichment:complete -> %s", id, after);
      }
      return new Outcome(id, before, after, accepted, null);
    }
  }

  /**
   * Completes {@code finished} once the business shows the end of the enrichment accepted at {@code
   * acceptedAt}: a final state written after it (an older final state is the previous run).
   */
  private static void completeIfDone(
      Business business, @Nullable Instant acceptedAt, CompletableFuture<Business> finished) {
    boolean finalState =
        business.enrichment().equals(EnrichmentState.ENRICHED)
            || business.enrichment().equals(EnrichmentState.FAILED);
    if (acceptedAt != null && finalState && !business.updatedAt().isBefore(acceptedAt)) {
      finished.complete(business);
    }
  }
}
