package io.github.freshet.examples.cli;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.client.leads.ScrapeJob;
import io.github.freshet.client.leads.ScrapeRequest;
import io.github.freshet.examples.cli.FreshetCli.TransportKind;
import io.github.freshet.examples.server.DemoServer;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryObserver;
import io.github.freshet.query.QueryResult;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.query.leads.LeadQueries;
import io.github.freshet.realtime.ConnectionState;
import io.github.freshet.realtime.RealtimeBridge;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code freshet demo}: starts the embedded server and walks through every layer, live and without
 * questions: a cached list page (miss, then hit), a detail with its dependent contacts, a scrape
 * whose progress arrives as events, an optimistic enrichment that the server refuses (and that
 * rolls back) and one it accepts, a table kept live by events another client causes, and the
 * connection through a server restart and the resync.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start the embedded server and walk through every Freshet layer, live.")
// Listener registrations are scoped by try-with-resources; the bodies need not name them.
@SuppressWarnings("try")
final class DemoCommand implements Callable<Integer> {
  /** The longest the demo waits for any one thing before it gives up. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final int STEPS = 7;

  /** The bridge's default resync window, within which a resync after a reconnect happens. */
  private static final Duration RESYNC_WINDOW = Duration.ofSeconds(2);

  private static final int PAGE_SIZE = 6;

  @ParentCommand @Nullable FreshetCli root;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The server's port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int port;

  @Option(
      names = "--pause",
      paramLabel = "DURATION",
      description = "A pause between steps, to read along (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT1S")
  Duration pause = Duration.ofSeconds(1);

  @Mixin ServerOptions server = new ServerOptions();

  private Console console = new Console(System.out, System.err, false);
  private int step;

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    if (cli.console().isJson()) {
      throw new IllegalArgumentException("demo narrates for people; it has no --json output");
    }
    console = cli.console();
    long started = System.nanoTime();
    console.say("Freshet demo: the Lead API through all three layers, live.");
    try (DemoServer demo = server.start(cli.tokenOption(), port)) {
      console.say(
          "Started the demo Lead API server on %s with %d businesses (token %s).",
          demo.baseUrl(), server.businesses, demo.token());
      try (Session session = Session.open(demo.baseUrl(), demo.token(), cli.transport());
          ApiClient other =
              ApiClient.builder().baseUrl(demo.baseUrl()).token(demo.token()).build()) {
        RealtimeBridge bridge = connect(session);
        BusinessPage page = listPage(session);
        detail(session, page.items().get(0).id());
        scrape(session, page.items().get(0));
        Business target = enrichable(page);
        enrichRefused(session, demo, target);
        enrichAccepted(session, demo, target);
        liveTable(session, bridge, LeadsClient.of(other));
        restart(session, bridge, demo, cli.transport());
        heading("The cache at the end (what `freshet inspect` shows)");
        InspectCommand.print(console, session.cache(), Instant.now());
        RealtimeBridge.Counters counters = bridge.counters();
        console.say(
            "Done in %d s: %d HTTP requests by this client, %d events received, %d applied.",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
            session.requests(),
            counters.received(),
            counters.applied());
      }
    }
    return ExitCodes.OK;
  }

  private RealtimeBridge connect(Session session) throws Exception {
    RealtimeBridge bridge =
        session.bridge(created ->
            created.onStateChange(
                state -> console.say("  [connection] %s", Session.describe(state))));
    console.say("Layer 3: connecting the realtime bridge over %s.", session.transportName());
    if (!session.openBridge(WAIT)) {
      throw new TimeoutException(
          "the realtime connection did not open (" + Session.describe(bridge.state()) + ")");
    }
    return bridge;
  }

  private BusinessPage listPage(Session session) throws Exception {
    heading("A list page through the query cache: a miss, then a hit");
    var options = session.queries().list(listFilters());
    long before = session.requests();
    long start = System.nanoTime();
    BusinessPage page = Commands.await(session.cache().fetchQuery(options));
    console.say(
        "  fetchQuery(%s): cache miss, fetched over HTTP in %d ms (HTTP requests: %d)",
        Tables.key(options.key()), millisSince(start), session.requests() - before);
    start = System.nanoTime();
    Commands.await(session.cache().fetchQuery(options));
    console.say(
        "  the same fetchQuery again: cache hit in %d ms, still fresh for %d s (HTTP requests: %d)",
        millisSince(start), LeadQueries.LIST_STALE_TIME.toSeconds(), session.requests() - before);
    console.block(Tables.businesses(page.items()));
    return page;
  }

  private void detail(Session session, String id) throws Exception {
    heading("A detail with a dependent query: contacts wait for their business");
    long before = session.requests();
    console.say(
        "  observing %s and %s (disabled: no business yet)",
        Tables.key(LeadKeys.detail(id)), Tables.key(LeadKeys.contacts(id)));
    ShowCommand.Detail detail = ShowCommand.load(session, id);
    console.say(
        "  business loaded, then contacts enabled and loaded: %d contacts (HTTP requests: %d)",
        detail.contacts().size(), session.requests() - before);
    console.block(Tables.business(detail.business()));
    console.block(Tables.contacts(detail.contacts()));
  }

  private void scrape(Session session, Business sample) throws Exception {
    heading("A scrape job: its progress arrives as scraping:progress events");
    String city = Objects.requireNonNullElse(sample.city(), "Austin");
    String category = Objects.requireNonNullElse(sample.category(), "plumber");
    ScrapeJob job = ScrapeCommand.start(session, new ScrapeRequest(city, category, null));
    console.say("  started %s: %s in %s", job.jobId(), category, city);
    ScrapeJob done = ScrapeCommand.follow(session, console, job, WAIT);
    console.say(
        "  %s %s: found %d, saved %d; the lists and statistics were invalidated and refetched",
        done.jobId(), done.state(), done.found(), done.saved());
    console.say("  (events applied so far: %d)", session.bridge(b -> {}).counters().applied());
  }

  private void enrichRefused(Session session, DemoServer demo, Business target) throws Exception {
    heading("An optimistic enrichment the server refuses: the change rolls back");
    demo.setEnrichmentRejectRate(1.0);
    console.say("  (the demo server now refuses every enrichment with 503)");
    long before = session.requests();
    EnrichCommand.Outcome outcome =
        EnrichCommand.enrich(session, console, target.id(), false, WAIT);
    console.say(
        "  %d HTTP attempts: the API client retried the 503 before giving up",
        session.requests() - before - 1);
    if (outcome.failure() == null) {
      throw new IllegalStateException("the server accepted an enrichment it was told to refuse");
    }
    demo.setEnrichmentRejectRate(0.0);
  }

  private void enrichAccepted(Session session, DemoServer demo, Business target) throws Exception {
    heading("An optimistic enrichment the server accepts, completed by an event");
    demo.setEnrichmentFailureRate(0.0);
    console.say("  (the demo server now accepts enrichments, and they succeed)");
    EnrichCommand.enrich(session, console, target.id(), true, WAIT);
  }

  private void liveTable(Session session, RealtimeBridge bridge, LeadsClient other)
      throws Exception {
    heading("A live table: another client changes data, events update this cache");
    var options = session.queries().list(listFilters());
    // The page as the server has it now (the scrape and the enrichment changed it: the entry was
    // invalidated), so that the table starts from fresh data rather than redrawing once it lands.
    BusinessPage current = Commands.await(session.cache().fetchQuery(options));
    AtomicReference<@Nullable BusinessPage> shown = new AtomicReference<>();
    try (QueryObserver<BusinessPage> observer = session.cache().observer(options);
        QueryObserver.Registration unused = observer.subscribe(result -> redraw(result, shown))) {
      // Each wait below is for the table as printed, not for the cache: the next line must not
      // overtake a redraw still running on the event thread.
      long requests = session.requests();
      long applied = bridge.counters().applied();
      Business first = current.items().get(0);
      Business second = current.items().get(1);
      Business third = current.items().get(2);
      BusinessStatus next =
          second.status().equals(BusinessStatus.QUALIFIED)
              ? BusinessStatus.CONTACTED
              : BusinessStatus.QUALIFIED;
      console.say("  another client renames %s", first.id());
      other
          .businesses()
          .update(first.id(), BusinessUpdate.builder().name(first.name() + " & Sons").build());
      awaitPage(shown, p -> contains(p, first.id(), b -> b.name().endsWith("& Sons")));
      console.say("  another client marks %s %s", second.id(), next);
      other.businesses().update(second.id(), BusinessUpdate.builder().status(next).build());
      awaitPage(shown, p -> contains(p, second.id(), b -> b.status().equals(next)));
      console.say("  another client deletes %s", third.id());
      other.businesses().delete(third.id());
      // The event removes the row at once; the rows below it move up a page, so the bridge then
      // refetches the list to fill it. Waiting for the full page leaves nothing in flight.
      awaitPage(
          shown,
          p ->
              p.items().size() == current.items().size()
                  && p.items().stream().noneMatch(b -> b.id().equals(third.id())));
      console.say(
          "  %d events applied; this client's HTTP requests meanwhile: %d (the updates applied in"
              + " place; the delete moved the rows below it, so the list was refetched to fill"
              + " the page)",
          bridge.counters().applied() - applied, session.requests() - requests);
    }
  }

  private void restart(
      Session session, RealtimeBridge bridge, DemoServer demo, TransportKind transport)
      throws Exception {
    heading("The connection through a server restart, then the resync");
    var options = session.queries().list(listFilters());
    try (QueryObserver<BusinessPage> observer = session.cache().observer(options);
        QueryObserver.Registration unused = observer.subscribe(result -> {})) {
      // Nothing in flight: a retry after the restart would look like a resync in the counts.
      waitFor("fetches to settle", () -> session.cache().isFetching(QueryFilter.all()) == 0);
      console.say("  stopping the server");
      demo.stop();
      waitFor("the bridge to notice", () -> !(bridge.state() instanceof ConnectionState.Open));
      waitFor("a reconnect attempt", () -> bridge.counters().reconnects() >= 1);
      console.say("  starting the server again on the same port");
      long resyncs = bridge.counters().resyncs();
      // Requests are counted from the moment the connection opens (the listener runs before the
      // bridge can schedule a resync), not from the restart: a fallback poll while the server
      // was down is not what this step is about.
      AtomicLong requestsAtOpen = new AtomicLong(-1);
      bridge.onStateChange(state -> {
        if (state instanceof ConnectionState.Open) {
          requestsAtOpen.compareAndSet(-1, session.requests());
        }
      });
      demo.start();
      // The bridge decides when the connection opens; its counter says what it decided.
      waitFor("the connection to open", () -> requestsAtOpen.get() >= 0);
      boolean resynced = bridge.counters().resyncs() > resyncs;
      // A resync runs at a random moment of the bridge's window (2 s by default): watch it pass.
      Thread.sleep(RESYNC_WINDOW.plusMillis(500).toMillis());
      waitFor("fetches to settle", () -> session.cache().isFetching(QueryFilter.all()) == 0);
      long fetched = session.requests() - requestsAtOpen.get();
      if (transport == TransportKind.ws) {
        console.say(
            resynced
                ? "  resync: a WebSocket may have missed events, so the active queries were"
                    + " invalidated and refetched (HTTP requests: %d)"
                : "  the bridge did not resync a reopened WebSocket (HTTP requests: %d)",
            fetched);
      } else {
        console.say(
            resynced
                ? "  the server did not confirm the resume, so the bridge resynced (HTTP requests:"
                    + " %d)"
                : "  SSE resumed from Last-Event-ID (the server confirmed it): what was missed is"
                    + " replayed, so no resync (HTTP requests: %d)",
            fetched);
      }
    }
  }

  /** Prints each new version of the page below the last, then records it as shown. */
  private void redraw(
      QueryResult<BusinessPage> result, AtomicReference<@Nullable BusinessPage> shown) {
    BusinessPage page = result.data();
    if (page == null || page.equals(shown.get())) {
      return;
    }
    console.block(Tables.businesses(page.items()));
    shown.set(page);
  }

  private static boolean contains(BusinessPage page, String id, Predicate<Business> condition) {
    return page.items().stream().anyMatch(b -> b.id().equals(id) && condition.test(b));
  }

  private static void awaitPage(
      AtomicReference<@Nullable BusinessPage> shown, Predicate<BusinessPage> done)
      throws InterruptedException, TimeoutException {
    waitFor(
        "the table to show the change",
        () -> {
          BusinessPage page = shown.get();
          return page != null && done.test(page);
        });
  }

  /** Waits for a condition, checking every 20 ms, at most {@link #WAIT}. */
  private static void waitFor(String what, BooleanSupplier condition)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "gave up waiting for " + what + " after " + WAIT.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }

  private static Business enrichable(BusinessPage page) {
    for (Business business : page.items()) {
      if (!business.enrichment().equals(EnrichmentState.ENRICHING)
          && !business.enrichment().equals(EnrichmentState.PENDING)) {
        return business;
      }
    }
    return page.items().get(page.items().size() - 1);
  }

  private static BusinessFilters listFilters() {
    return BusinessFilters.builder().sort("name").pageSize(PAGE_SIZE).build();
  }

  private void heading(String title) throws InterruptedException {
    if (step > 0 && !pause.isZero()) {
      Thread.sleep(pause.toMillis());
    }
    step++;
    console.say("");
    console.say("%s", step <= STEPS ? String.format("[%d/%d] %s", step, STEPS, title) : title);
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
