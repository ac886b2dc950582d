package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.JobState;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.client.leads.ScrapeRequest;
import io.github.freshet.query.MutationObserver;
import io.github.freshet.query.QueryObserver;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code freshet scrape}: starts a scrape job; with {@code --watch}, shows its progress as the
 * {@code scraping:progress} events update the job's cache entry, until the job ends.
 */
@Command(
    name = "scrape",
    mixinStandardHelpOptions = true,
    description = "Start a scrape job; --watch shows its progress live until it ends.")
// Listener registrations are scoped by try-with-resources; the bodies need not name them.
@SuppressWarnings("try")
final class ScrapeCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Option(names = "--city", required = true, paramLabel = "CITY", description = "Where to look.")
  String city = "";

  @Option(
      names = "--category",
      required = true,
      paramLabel = "CATEGORY",
      description = "What kind of business, e.g. plumber.")
  String category = "";

  @Option(names = "--limit", paramLabel = "N", description = "At most this many businesses.")
  @Nullable Integer limit;

  @Option(names = "--watch", description = "Follow the job's progress until it ends.")
  boolean watch;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "With --watch: give up after this long, e.g. PT2M (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5M")
  Duration timeout = Duration.ofMinutes(5);

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    ScrapeRequest request = new ScrapeRequest(city, category, limit);
    try (Session session = cli.connect()) {
      if (watch && !session.openBridge(Commands.EVENTS_CONNECT_WAIT)) {
        console.error(
            "freshet: the event stream is not open (%s); following the job by polling",
            Session.describe(session.bridge(bridge -> {}).state()));
      }
      ScrapeJob job = start(session, request);
      if (!watch) {
        console.json(job);
        console.say(
            "started scrape %s (%s) for %s in %s", job.jobId(), job.state(), category, city);
        return ExitCodes.OK;
      }
      console.say("scrape %s: %s in %s", job.jobId(), category, city);
      // In JSON mode every state of the job is one line (the last one is the end state).
      ScrapeJob finished = follow(session, console, job, timeout);
      console.say(
          "scrape %s %s: found %d, saved %d",
          finished.jobId(), finished.state(), finished.found(), finished.saved());
      return finished.state().equals(JobState.COMPLETED) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }

  static ScrapeJob start(Session session, ScrapeRequest request) throws Exception {
    try (MutationObserver<ScrapeRequest, ScrapeJob, Void> mutation =
        session.cache().mutationObserver(session.mutations().startScrape())) {
      return Commands.await(mutation.mutate(request));
    }
  }

  /**
   * Follows a job through its cache entry until it ends. The entry changes with every {@code
   * scraping:progress} event the bridge applies (and with the one-second status poll {@code
   * LeadMutations.startScrape} keeps as a backstop).
   */
  static ScrapeJob follow(Session session, Console console, ScrapeJob job, Duration timeout)
      throws Exception {
    CompletableFuture<ScrapeJob> done = new CompletableFuture<>();
    try (Progress progress = new Progress(console, "scrape " + job.jobId());
        QueryObserver<ScrapeJob> status =
            session.cache().observer(session.queries().scrapeStatus(job.jobId()));
        QueryObserver.Registration unused =
            status.subscribe(result -> {
              ScrapeJob latest = result.data();
              if (latest != null) {
                progress.update(
                    latest.progress(),
                    String.format("found %d, saved %d", latest.found(), latest.saved()));
                console.jsonLine(latest);
                if (latest.isDone()) {
                  done.complete(latest);
                }
              } else if (result.isError() && result.error() != null) {
                done.completeExceptionally(result.error());
              }
            })) {
      return Commands.await(done, timeout, job.jobId() + " to end (the job goes on on the server)");
    }
  }
}
