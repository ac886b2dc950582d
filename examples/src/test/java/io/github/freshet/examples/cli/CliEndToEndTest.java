package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.freshet.client.ApiClient;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.EnrichmentState;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.examples.server.DemoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI against the embedded demo server, in this JVM: every command, its output for people and
 * for scripts, and every exit code.
 */
class CliEndToEndTest {
  private final DemoServer server =
      DemoServer.builder()
          // Long enough for several progress lines even if the CLI's thread stalls a moment.
          .scrapeDuration(Duration.ofMillis(1500))
          .enrichmentDelay(Duration.ofMillis(50))
          .enrichmentFailureRate(0.0)
          .heartbeatInterval(Duration.ofMillis(500))
          .build()
          .start();
  private @Nullable ApiClient other;

  @AfterEach
  void stopServer() {
    if (other != null) {
      other.close();
    }
    server.close();
  }

  private String[] args(String... command) {
    return CliRun.against(server, command);
  }

  private static JsonNode json(String text) throws IOException {
    return ApiClient.defaultObjectMapper().readTree(text);
  }

  @Test
  void listPrintsATableOfTheFirstPage() throws Exception {
    CliRun run = CliRun.run(args("list", "--page-size", "5"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("ID", "NAME", "ENRICHMENT", "page 1 of 40 (200 businesses)");
    assertThat(run.out().lines().filter(line -> line.contains("biz_"))).hasSize(5);
  }

  @Test
  void listPrintsJsonForScripts() throws Exception {
    CliRun run = CliRun.run(args("list", "--json", "--page-size", "7", "--page", "2"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode page = json(run.out());
    assertThat(page.get("items")).hasSize(7);
    assertThat(page.get("page").asInt()).isEqualTo(2);
    assertThat(page.get("total").asLong()).isEqualTo(200);
  }

  @Test
  void showPrintsTheBusinessAndItsContacts() throws Exception {
    String id = firstId();

    CliRun run = CliRun.run(args("show", id));
    CliRun asJson = CliRun.run(args("--json", "show", id));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(id, "enrichment", "version");
    assertThat(run.out()).containsAnyOf("CONTACT", "(no contacts)");
    JsonNode detail = json(asJson.out());
    assertThat(detail.get("business").get("id").asText()).isEqualTo(id);
    assertThat(detail.get("contacts").isArray()).isTrue();
  }

  @Test
  void statsFollowTheData() throws Exception {
    LeadsClient other = otherClient();
    CliRun before = CliRun.run(args("stats", "--json"));
    other.businesses().delete(firstId());
    CliRun after = CliRun.run(args("stats", "--json"));

    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(json(before.out()).get("totalBusinesses").asLong()).isEqualTo(200);
    assertThat(json(after.out()).get("totalBusinesses").asLong()).isEqualTo(199);
    assertThat(CliRun.run(args("stats")).out()).contains("businesses", "199");
  }

  @Test
  void scrapeWatchShowsProgressUntilTheJobCompletes() throws Exception {
    CliRun run = CliRun.run(args("scrape", "--city", "Austin", "--category", "bakery", "--watch"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("100%").contains("completed: found");
    // Plain lines, not a progress bar, when the output is not a terminal; several of them.
    assertThat(run.out().lines().filter(line -> line.matches("scrape \\S+: +\\d+% .*")).count())
        .isGreaterThan(2);
  }

  @Test
  void scrapeWatchDrawsAProgressBarOnATerminal() throws Exception {
    CliRun run =
        CliRun.runOnTerminal(args("scrape", "--city", "Austin", "--category", "bakery", "--watch"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    // One bar redrawn in place (carriage returns), full at the end, not a line per change. The
    // bar's width depends on the text beside it, so "full" is any run of '=' alone in brackets.
    assertThat(run.out())
        .contains("\r")
        .contains("completed: found")
        .containsPattern("100% \\[=+\\]");
    assertThat(run.out().lines().filter(line -> line.matches("scrape \\S+: +\\d+% .*"))).isEmpty();
  }

  @Test
  void scrapeWithoutWatchPrintsTheJob() throws Exception {
    CliRun run = CliRun.run(args("--json", "scrape", "--city", "Denver", "--category", "florist"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json(run.out()).get("jobId").asText()).isNotEmpty();
  }

  @Test
  void enrichmentThatTheServerRefusesRollsBack() throws Exception {
    server.setEnrichmentRejectRate(1.0);
    String id =
        otherClient()
            .businesses()
            .list(BusinessFilters.builder().pageSize(50).build())
            .items()
            .stream()
            .filter(business -> business.enrichment().equals(EnrichmentState.NONE))
            .findFirst()
            .orElseThrow()
            .id();

    CliRun run = CliRun.run(args("enrich", id));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out())
        .contains("cache: none -> enriching (optimistic, before the server answered)")
        .contains("cache: enriching -> none (rolled back: the server refused)")
        .contains("the optimistic change rolled back: enrichment is none again");
    assertThat(run.err()).contains("503", "enrichment_unavailable");
  }

  @Test
  void acceptedEnrichmentCompletesThroughTheEvent() throws Exception {
    String id = firstId();

    CliRun run = CliRun.run(args("--json", "enrich", "--wait", id));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = json(run.out()).get(0);
    assertThat(outcome.get("outcome").asText()).isEqualTo("accepted");
    assertThat(outcome.get("after").asText()).isEqualTo("enriched");
  }

  @Test
  void anUnknownIdAmongSeveralDoesNotStopTheOthers() throws Exception {
    CliRun run = CliRun.run(args("--json", "enrich", "biz_0001", "biz_nope", "biz_0002"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    JsonNode report = json(run.out());
    assertThat(report).hasSize(3);
    assertThat(report.get(0).get("outcome").asText()).isEqualTo("accepted");
    assertThat(report.get(1).get("outcome").asText()).isEqualTo("failed");
    assertThat(report.get(1).get("error").asText()).contains("404");
    assertThat(report.get(2).get("outcome").asText()).isEqualTo("accepted");
    assertThat(run.err()).contains("enrich biz_nope: not found (404");
  }

  @Test
  void watchShowsEventsAndWhatTheyDidToTheCache() throws Exception {
    watchReceivesEvents("ws");
  }

  @Test
  void watchWorksOverServerSentEventsToo() throws Exception {
    watchReceivesEvents("sse");
  }

  private void watchReceivesEvents(String transport) throws Exception {
    String id = firstId();
    CliRun watch = CliRun.start(Map.of(), args("--transport", transport, "watch", "--count", "2"));
    watch.awaitOut("connection: open");
    CliRun.await("the server to see the watcher", () -> server.eventClients() > 0);

    otherClient()
        .businesses()
        .update(id, BusinessUpdate.builder().name("Renamed by a test").build());

    assertThat(watch.exitCode()).as(watch.err()).isZero();
    assertThat(watch.out())
        .contains("#1 business:updated " + id)
        // Only the cached entries change: watch holds the first page, not the detail.
        .contains("cache: updated [businesses, list, {}]")
        .doesNotContain("[businesses, detail")
        .contains("#2 stats:updated")
        .containsPattern("cache: invalidated (and refetched )?\\[businesses, stats\\]");
  }

  @Test
  void watchJson_givesConnectionStatesAsFields() throws Exception {
    CliRun watch = CliRun.start(Map.of(), args("--json", "watch"));
    watch.awaitOut("\"connection\":\"open\"");

    server.stop();
    watch.awaitOut("\"connection\":\"reconnecting\"");
    watch.interrupt();

    assertThat(watch.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
    JsonNode reconnecting =
        watch
            .out()
            .lines()
            .filter(line -> line.contains("\"reconnecting\""))
            .map(line -> readJson(line))
            .findFirst()
            .orElseThrow();
    assertThat(reconnecting.get("attempt").asInt()).isEqualTo(1);
    assertThat(reconnecting.get("delayMs").asLong()).isPositive();
    assertThat(reconnecting.get("cause").asText()).isNotBlank();
  }

  private static JsonNode readJson(String line) {
    try {
      return json(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  @Test
  void inspectShowsTheCacheEntries() throws Exception {
    CliRun run = CliRun.run(args("inspect"));
    CliRun asJson = CliRun.run(args("inspect", "--json"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("KEY", "STATUS", "FRESH", "OBSERVERS", "AGE")
        .contains("[businesses, stats]")
        .contains("1 (active)");
    JsonNode entries = json(asJson.out());
    assertThat(entries).hasSizeGreaterThanOrEqualTo(4); // list, stats, detail, contacts
    assertThat(entries.get(0).get("key").isArray()).isTrue();
  }

  @Test
  void tokenAndBaseUrlComeFromTheEnvironment() throws Exception {
    CliRun run =
        CliRun.run(
            Map.of(
                FreshetCli.TOKEN_VARIABLE, server.token(),
                FreshetCli.BASE_URL_VARIABLE, server.baseUrl()),
            "list",
            "--page-size",
            "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void anUnreachableServerExitsWithItsOwnCode() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CliRun run = CliRun.run("--base-url", "http://127.0.0.1:" + closedPort, "list");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err()).contains("cannot reach the server");
  }

  @Test
  void aWrongTokenExitsWithItsOwnCode() throws Exception {
    CliRun run = CliRun.run("--base-url", server.baseUrl(), "--token", "wrong", "stats");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(run.err()).contains("401", FreshetCli.TOKEN_VARIABLE);
  }

  @Test
  void anUnknownIdExitsWithItsOwnCode() throws Exception {
    CliRun run = CliRun.run(args("show", "biz_does_not_exist"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).contains("not found", "404");
  }

  @Test
  void invalidInputExitsWithItsOwnCode() throws Exception {
    CliRun refusedByServer = CliRun.run(args("list", "--status", "bogus"));
    CliRun refusedByCli = CliRun.run(args("list", "--page-size", "500"));

    assertThat(refusedByServer.exitCode())
        .as(refusedByServer.err())
        .isEqualTo(ExitCodes.VALIDATION);
    assertThat(refusedByServer.err()).contains("400");
    assertThat(refusedByCli.exitCode()).isEqualTo(ExitCodes.VALIDATION);
    assertThat(refusedByCli.err()).contains("pageSize");
  }

  @Test
  void aBadCommandLineExitsWithTheUsageCode() throws Exception {
    assertThat(CliRun.run(args("scrape", "--city", "Austin")).exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.run("no-such-command").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anInterruptExitsWithItsOwnCode() throws Exception {
    CliRun watch = CliRun.start(Map.of(), args("watch"));
    watch.awaitOut("connection: open");

    watch.interrupt();

    assertThat(watch.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(watch.err()).contains("interrupted");
  }

  @Test
  void serveRunsTheServerUntilInterrupted() throws Exception {
    CliRun serve = CliRun.start(Map.of(), "serve", "--port", "0", "--token", "serve-test-token");
    serve.awaitOut("Ctrl-C stops the server.");
    String url =
        serve
            .out()
            .lines()
            .filter(l -> l.startsWith("Lead API demo server on "))
            .findFirst()
            .orElseThrow()
            .substring("Lead API demo server on ".length());

    CliRun list = CliRun.run("--base-url", url, "--token", "serve-test-token", "list");
    serve.interrupt();

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(serve.out()).contains("token: serve-test-token");
    assertThat(serve.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
  }

  @Test
  void serveNeverTakesTheClientTokenFromTheEnvironment() throws Exception {
    CliRun serve =
        CliRun.start(
            Map.of(FreshetCli.TOKEN_VARIABLE, "a-real-servers-secret"), "serve", "--port", "0");
    serve.awaitOut("Ctrl-C stops the server.");
    serve.interrupt();

    assertThat(serve.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(serve.out())
        .doesNotContain("a-real-servers-secret")
        .contains("token: freshet-demo-token");
  }

  @Test
  void anErrorEndingJsonOutput_isOneLineOfJson() throws Exception {
    CliRun run = CliRun.run(args("--json", "show", "biz_does_not_exist"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    String out = run.out().strip();
    assertThat(out).doesNotContain("\n");
    assertThat(json(out).get("exitCode").asInt()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void anEnrichmentThatFails_isAFailure_withWait() throws Exception {
    server.setEnrichmentFailureRate(1.0);
    String id = firstId();

    CliRun run = CliRun.run(args("--json", "enrich", "--wait", id));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILURE);
    JsonNode outcome = json(run.out()).get(0);
    assertThat(outcome.get("outcome").asText()).isEqualTo("failed");
    assertThat(outcome.get("after").asText()).isEqualTo("failed");
  }

  @Test
  void servingOnAPortInUseSaysSo() throws Exception {
    CliRun run = CliRun.run("serve", "--port", Integer.toString(server.port()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.VALIDATION);
    assertThat(run.err())
        .contains("port " + server.port() + " is in use; choose another with --port");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() throws Exception {
    CliRun run = CliRun.run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("demo", "serve", "list", "show", "stats", "scrape", "enrich", "watch", "inspect")
        .contains("--base-url", "--token", "--transport", "--json")
        .contains("Exit codes:", "130");
  }

  private String firstId() {
    return otherClient().businesses().list(BusinessFilters.none()).items().get(0).id();
  }

  /** Another client of the same server, like a second user. */
  private LeadsClient otherClient() {
    if (other == null) {
      other = ApiClient.builder().baseUrl(server.baseUrl()).token(server.token()).build();
    }
    return LeadsClient.of(other);
  }
}
