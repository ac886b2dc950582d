package io.github.freshet.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.freshet.client.ApiClient;
import io.github.freshet.client.RetryPolicy;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.client.leads.LeadsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo server on a real socket: every endpoint's answers, success and error, are validated
 * against {@code docs/openapi.yaml}, and every event received over SSE or WebSocket against its
 * event schema. Short durations, and every wait bounded (30 s, for a loaded CI machine).
 */
final class DemoServerTest {
  private final List<DemoServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(DemoServer::close);
  }

  private DemoServer start(Consumer<DemoServer.Builder> settings) {
    DemoServer.Builder builder =
        DemoServer.builder()
            .scrapeDuration(Duration.ofMillis(300))
            .enrichmentDelay(Duration.ofMillis(50))
            .enrichmentFailureRate(0)
            .heartbeatInterval(Duration.ofMillis(100))
            .firstEventId(1); // Readable ids; the default comes from the clock.
    settings.accept(builder);
    DemoServer server = builder.build();
    servers.add(server);
    return server.start();
  }

  private DemoServer start() {
    return start(builder -> {});
  }

  private static TestHttp http(DemoServer server) {
    return new TestHttp(server.baseUrl(), server.token());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("%s within 30 s", what).isTrue();
      synchronized (condition) {
        condition.wait(5); // Polls every 5 ms until the deadline: bounded, and no timing assumed.
      }
    }
  }

  private static SseReader sse(DemoServer server, @Nullable String lastEventId) throws Exception {
    Map<String, String> headers =
        lastEventId == null
            ? Map.of("Authorization", "Bearer " + server.token())
            : Map.of("Authorization", "Bearer " + server.token(), "Last-Event-ID", lastEventId);
    return new SseReader(server.sseUrl(), headers);
  }

  // ------------------------------------------------------------------ store

  @Test
  void seededStore_sameSeed_sameFirstPage_200Businesses() {
    DemoServer first = start(builder -> builder.seed(7));
    DemoServer second = start(builder -> builder.seed(7));
    DemoServer other = start(builder -> builder.seed(8));

    TestHttp.Exchange a = http(first).get("/api/businesses?pageSize=100&page=2");
    TestHttp.Exchange b = http(second).get("/api/businesses?pageSize=100&page=2");
    TestHttp.Exchange c = http(other).get("/api/businesses?pageSize=100&page=2");

    assertThat(a.body()).isEqualTo(b.body()).isNotEqualTo(c.body());
    assertThat(a.json().get("total").asLong()).isEqualTo(200);
    assertThat(a.json().get("items")).hasSize(100);
    assertThat(http(first).get("/api/businesses/biz_0001").json().get("version").asLong())
        .isEqualTo(1);
  }

  @Test
  void list_filtersSortAndPages() {
    TestHttp http = http(start());

    JsonNode austin = http.get("/api/businesses?city=austin&pageSize=100").json();
    assertThat(austin.get("items")).isNotEmpty();
    austin.get("items").forEach(b -> assertThat(b.get("city").asText()).isEqualTo("Austin"));

    JsonNode rated = http.get("/api/businesses?sort=-rating&pageSize=10").json();
    List<Double> ratings = new ArrayList<>();
    rated.get("items").forEach(b -> ratings.add(b.get("rating").asDouble()));
    assertThat(ratings).isSortedAccordingTo((x, y) -> Double.compare(y, x));

    JsonNode page = http.get("/api/businesses?pageSize=7&page=3").json();
    assertThat(page.get("items").get(0).get("id").asText()).isEqualTo("biz_0015");
    assertThat(page.get("page").asInt()).isEqualTo(3);

    JsonNode filtered =
        http.get(
                "/api/businesses?search=a&category=plumber&status=new&hasEmail=true"
                    + "&enriched=true&sort=name&page=1&pageSize=100")
            .json();
    filtered
        .get("items")
        .forEach(b -> {
          assertThat(b.get("category").asText()).isEqualTo("plumber");
          assertThat(b.get("status").asText()).isEqualTo("new");
          assertThat(b.get("email")).isNotNull();
          assertThat(b.get("enrichment").asText()).isEqualTo("enriched");
        });
    assertThat(http.get("/api/businesses?page=99").json().get("items")).isEmpty();
  }

  @Test
  void list_badQuery_400() {
    TestHttp http = http(start());
    for (String query :
        List.of(
            "pageSize=0",
            "pageSize=101",
            "page=0",
            "page=x",
            "status=bogus",
            "hasEmail=yes",
            "sort=bogus",
            "sort=-1x",
            "search=")) {
      TestHttp.Exchange answer = http.call("GET", "/api/businesses?" + query).invalid().send();
      assertThat(answer.status()).as(query).isEqualTo(400);
      assertThat(answer.errorCode()).isEqualTo("bad_request");
    }
  }

  // ------------------------------------------------------------------ every endpoint

  @Test
  void everyEndpoint_answersMatchContract() throws Exception {
    // Jobs that outlast the test: it asserts on queued and pending jobs (a cancel, an "already
    // enriching" refusal), which a job finishing between two requests would turn into others.
    DemoServer server =
        start(builder ->
            builder.scrapeDuration(Duration.ofHours(1)).enrichmentDelay(Duration.ofHours(1)));
    TestHttp http = http(server);

    assertThat(
            http.call("GET", "/api/health")
                .without("Authorization")
                .send()
                .json()
                .get("status")
                .asText())
        .isEqualTo("ok");
    assertThat(http.get("/api/businesses/stats").json().get("totalBusinesses").asLong())
        .isEqualTo(200);
    assertThat(http.get("/api/businesses/biz_0002").json().get("id").asText())
        .isEqualTo("biz_0002");
    assertThat(http.get("/api/businesses/biz_0002/contacts").status()).isEqualTo(200);

    TestHttp.Exchange updated =
        http.call("PATCH", "/api/businesses/biz_0002")
            .body("{\"phone\":\"+1 512-555-0199\",\"status\":\"qualified\"}")
            .send();
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("version").asLong()).isEqualTo(2);
    assertThat(updated.json().get("status").asText()).isEqualTo("qualified");

    assertThat(http.call("DELETE", "/api/businesses/biz_0003").send().status()).isEqualTo(204);
    assertThat(http.get("/api/businesses/biz_0003").status()).isEqualTo(404);

    JsonNode scrape =
        http.post(
                "/api/scraper/scrape", "{\"city\":\"Denver\",\"category\":\"bakery\",\"limit\":50}")
            .json();
    String jobId = scrape.get("jobId").asText();
    assertThat(scrape.get("state").asText()).isEqualTo("queued");
    assertThat(http.get("/api/scraper/status/" + jobId).status()).isEqualTo(200);
    JsonNode cancelled = http.post("/api/scraper/" + jobId + "/cancel", null).json();
    assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
    assertThat(http.post("/api/scraper/" + jobId + "/cancel", null).json().get("state").asText())
        .as("cancelling a terminal job answers it unchanged")
        .isEqualTo("cancelled");
    assertThat(http.get("/api/jobs/" + jobId).json().get("type").asText()).isEqualTo("scrape");

    TestHttp.Exchange enrich = http.post("/api/enrichment/biz_0004", null);
    assertThat(enrich.status()).isEqualTo(202);
    assertThat(enrich.json().get("state").asText()).isEqualTo("pending");
    TestHttp.Exchange batch =
        http.post(
            "/api/enrichment/batch", "{\"businessIds\":[\"biz_0004\",\"biz_0005\",\"biz_9999\"]}");
    assertThat(batch.status()).isEqualTo(202);
    assertThat(batch.json().get("accepted")).hasSize(1);
    assertThat(batch.json().get("rejected").toString())
        .contains("already_enriching")
        .contains("not_found");
    assertThat(http.get("/api/jobs/failed").status()).isEqualTo(200);
    TestHttp.Exchange notFailed = http.post("/api/jobs/" + jobId + "/retry", null);
    assertThat(notFailed.status()).isEqualTo(409);

    // Every id-taking endpoint answers 404 for an unknown id.
    assertThat(http.get("/api/businesses/biz_9999").status()).isEqualTo(404);
    assertThat(http.get("/api/businesses/biz_9999/contacts").status()).isEqualTo(404);
    assertThat(
            http.call("PATCH", "/api/businesses/biz_9999")
                .body("{\"city\":\"Boston\"}")
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.call("DELETE", "/api/businesses/biz_9999").send().status()).isEqualTo(404);
    assertThat(http.get("/api/scraper/status/job_9999").status()).isEqualTo(404);
    assertThat(http.post("/api/scraper/job_9999/cancel", null).status()).isEqualTo(404);
    assertThat(http.post("/api/enrichment/biz_9999", null).status()).isEqualTo(404);
    assertThat(http.get("/api/jobs/job_9999").status()).isEqualTo(404);
    assertThat(http.post("/api/jobs/job_9999/retry", null).status()).isEqualTo(404);
    TestHttp.Exchange notFound = http.get("/api/jobs/job_9999");
    assertThat(notFound.errorCode()).isEqualTo("not_found");
  }

  @Test
  void unknownRoute_404_wrongMethod_405() {
    TestHttp http = http(start());

    TestHttp.Exchange unknown = http.call("GET", "/api/nope").outsideSpec().send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("not_found");
    TestHttp.Exchange wrong = http.call("PUT", "/api/businesses/biz_0001").outsideSpec().send();
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.errorCode()).isEqualTo("method_not_allowed");
  }

  @Test
  void requestBodies_malformed400_invalid422() {
    TestHttp http = http(start());
    Map<String, Integer> updates =
        Map.of(
            "{\"name\":", 400,
            "[1]", 400,
            "{\"nickname\":\"x\"}", 400,
            "{\"name\":42}", 400,
            "{\"name\":null}", 400,
            "{\"status\":\"archived\"}", 400,
            "{}", 422,
            "{\"name\":\"  \"}", 422);
    updates.forEach((body, status) ->
        assertThat(
                http.call("PATCH", "/api/businesses/biz_0001").body(body).invalid().send().status())
            .as(body)
            .isEqualTo(status));
    Map<String, Integer> scrapes =
        Map.of(
            "{\"city\":\"Austin\"}", 400,
            "{\"city\":\"Austin\",\"category\":\"plumber\",\"limit\":\"ten\"}", 400,
            "{\"city\":\"Austin\",\"category\":\"plumber\",\"limit\":1.5}", 400,
            "{\"city\":\"Austin\",\"category\":\"plumber\",\"limit\":0}", 422,
            "{\"city\":\"Austin\",\"category\":\"plumber\",\"limit\":501}", 422,
            "{\"city\":\" \",\"category\":\"plumber\"}", 422);
    scrapes.forEach((body, status) ->
        assertThat(http.call("POST", "/api/scraper/scrape").body(body).invalid().send().status())
            .as(body)
            .isEqualTo(status));
    Map<String, Integer> batches =
        Map.of(
            "{\"businessIds\":\"biz_0001\"}", 400,
            "{\"businessIds\":[1]}", 400,
            "{\"ids\":[\"biz_0001\"]}", 400,
            "{\"businessIds\":[]}", 422,
            "{\"businessIds\":[\"biz_0001\",\"biz_0001\"]}", 422);
    batches.forEach((body, status) ->
        assertThat(http.call("POST", "/api/enrichment/batch").body(body).invalid().send().status())
            .as(body)
            .isEqualTo(status));
    assertThat(
            http.call("POST", "/api/enrichment/biz_0001")
                .without("Idempotency-Key")
                .invalid()
                .send()
                .status())
        .as("without a key the request acts, with no replay")
        .isEqualTo(202);
  }

  // ------------------------------------------------------------------ conventions

  @Test
  void auth_missingOrWrongToken_401() throws Exception {
    DemoServer server = start();
    TestHttp http = http(server);

    TestHttp.Exchange missing =
        http.call("GET", "/api/businesses").without("Authorization").invalid().send();
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(missing.errorCode()).isEqualTo("unauthorized");
    TestHttp.Exchange wrong =
        http.call("GET", "/api/businesses/stats")
            .header("Authorization", "Bearer nope")
            .invalid()
            .send();
    assertThat(wrong.status()).isEqualTo(401);

    try (SseReader stream =
        new SseReader(server.sseUrl(), Map.of("Authorization", "Bearer nope"))) {
      assertThat(stream.status()).isEqualTo(401);
    }

    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer nope")
                    .buildAsync(
                        URI.create(server.webSocketUrl()),
                        new java.net.http.WebSocket.Listener() {})
                    .get(30, TimeUnit.SECONDS));
    assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    WebSocketHandshakeException handshake =
        (WebSocketHandshakeException) Objects.requireNonNull(refused.getCause());
    assertThat(handshake.getResponse().statusCode()).isEqualTo(401);
    assertThat(server.eventClients()).isZero();

    // The refused upgrade carries an ErrorBody like every other 401.
    okhttp3.OkHttpClient okhttp = new okhttp3.OkHttpClient();
    try (okhttp3.Response upgrade =
        okhttp
            .newCall(
                new okhttp3.Request.Builder()
                    .url(server.baseUrl() + "/api/events/ws")
                    .header("Connection", "Upgrade")
                    .header("Upgrade", "websocket")
                    .header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .build())
            .execute()) {
      assertThat(upgrade.code()).isEqualTo(401);
      assertThat(upgrade.header("WWW-Authenticate")).isEqualTo("Bearer");
      String body = upgrade.body().string();
      assertThat(body)
          .isEqualTo(
              "{\"error\":{\"code\":\"unauthorized\",\"message\":\"A valid bearer token is"
                  + " required (Authorization: Bearer <token>)\"}}");
      assertThat(upgrade.header("Content-Length")).isEqualTo(Integer.toString(body.length()));
    } finally {
      okhttp.dispatcher().executorService().shutdown();
      okhttp.connectionPool().evictAll();
    }
  }

  @Test
  void idempotencyKey_replaysFirstAnswer_noSecondEffect() {
    TestHttp http = http(start());
    String body = "{\"city\":\"Austin\",\"category\":\"plumber\"}";

    TestHttp.Exchange first =
        http.call("POST", "/api/scraper/scrape").header("Idempotency-Key", "k-1").body(body).send();
    TestHttp.Exchange again =
        http.call("POST", "/api/scraper/scrape").header("Idempotency-Key", "k-1").body(body).send();
    TestHttp.Exchange next = http.post("/api/scraper/scrape", body);
    TestHttp.Exchange reused =
        http.call("POST", "/api/scraper/scrape")
            .header("Idempotency-Key", "k-1")
            .body("{\"city\":\"Boston\",\"category\":\"plumber\"}")
            .send();

    assertThat(again.status()).isEqualTo(first.status()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(first.json().get("jobId").asText()).isEqualTo("job_0001");
    assertThat(next.json().get("jobId").asText())
        .as("the replay started no job")
        .isEqualTo("job_0002");
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");

    TestHttp.Exchange patched =
        http.call("PATCH", "/api/businesses/biz_0001")
            .header("Idempotency-Key", "k-2")
            .body("{\"city\":\"Boston\"}")
            .send();
    TestHttp.Exchange replayed =
        http.call("PATCH", "/api/businesses/biz_0001")
            .header("Idempotency-Key", "k-2")
            .body("{\"city\":\"Boston\"}")
            .send();
    assertThat(replayed.body()).isEqualTo(patched.body());
    assertThat(http.get("/api/businesses/biz_0001").json().get("version").asLong()).isEqualTo(2);

    // Batch and cancel list 409 for a reused key too (docs/openapi.yaml); the contract checks it.
    http.call("POST", "/api/enrichment/batch")
        .header("Idempotency-Key", "k-3")
        .body("{\"businessIds\":[\"biz_0002\"]}")
        .send();
    TestHttp.Exchange batchReused =
        http.call("POST", "/api/enrichment/batch")
            .header("Idempotency-Key", "k-3")
            .body("{\"businessIds\":[\"biz_0003\"]}")
            .send();
    assertThat(batchReused.status()).isEqualTo(409);
  }

  @Test
  void stats_changeAfterDelete() {
    TestHttp http = http(start());
    JsonNode before = http.get("/api/businesses/stats").json();
    JsonNode business = http.get("/api/businesses/biz_0010").json();

    http.call("DELETE", "/api/businesses/biz_0010").send();

    JsonNode after = http.get("/api/businesses/stats").json();
    assertThat(after.get("totalBusinesses").asLong())
        .isEqualTo(before.get("totalBusinesses").asLong() - 1);
    String status = business.get("status").asText();
    assertThat(after.get("byStatus").get(status).asLong())
        .isEqualTo(before.get("byStatus").get(status).asLong() - 1);
  }

  @Test
  void errorRate1_injects503_butNotOnHealth() {
    TestHttp http = http(start(builder -> builder.errorRate(1)));

    TestHttp.Exchange failed = http.get("/api/businesses");
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.errorCode()).isEqualTo("injected_error");
    assertThat(failed.header("Retry-After")).isEqualTo("1");
    assertThat(http.get("/api/health").status()).isEqualTo(200);
  }

  @Test
  void latency_delaysEveryAnswerByAtLeastTheKnob() {
    TestHttp http = http(start(builder -> builder.latency(Duration.ofMillis(150))));

    long start = System.nanoTime();
    TestHttp.Exchange answer = http.get("/api/businesses/stats");
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(answer.status()).isEqualTo(200);
    // A lower bound only: the server sleeps at least this long; no upper bound is assumed.
    assertThat(tookMillis).isGreaterThanOrEqualTo(150);
  }

  // ------------------------------------------------------------------ jobs and events

  @Test
  void scrape_emitsProgress_createsBusinesses_completes() throws Exception {
    DemoServer server = start();
    TestHttp http = http(server);
    try (SseReader stream = sse(server, null)) {
      await("the SSE client", () -> server.eventClients() == 1);
      String jobId =
          http.post("/api/scraper/scrape", "{\"city\":\"Austin\",\"category\":\"plumber\"}")
              .json()
              .get("jobId")
              .asText();

      int progressEvents = 0;
      int lastProgress = 0;
      List<String> created = new ArrayList<>();
      SseReader.Block block;
      while (true) {
        block = stream.awaitEvent(b -> true);
        if ("scraping:progress".equals(block.type())) {
          JsonNode data = TestHttp.JSON.readTree(block.data());
          assertThat(data.get("progress").asInt()).isGreaterThan(lastProgress);
          lastProgress = data.get("progress").asInt();
          progressEvents++;
        } else if ("business:created".equals(block.type())) {
          JsonNode data = TestHttp.JSON.readTree(block.data());
          assertThat(data.get("city").asText()).isEqualTo("Austin");
          assertThat(data.get("category").asText()).isEqualTo("plumber");
          created.add(data.get("id").asText());
        } else if ("scraping:complete".equals(block.type())) {
          break;
        }
      }
      JsonNode complete = TestHttp.JSON.readTree(block.data());
      assertThat(complete.get("jobId").asText()).isEqualTo(jobId);
      assertThat(progressEvents).isEqualTo(20);
      assertThat(lastProgress).isEqualTo(100);
      assertThat(created).hasSize(complete.get("saved").asInt()).isNotEmpty();
      assertThat(stream.awaitEvent(b -> true).type()).isEqualTo("stats:updated");

      JsonNode job = http.get("/api/scraper/status/" + jobId).json();
      assertThat(job.get("state").asText()).isEqualTo("completed");
      assertThat(job.get("finishedAt")).isNotNull();
      assertThat(http.get("/api/businesses/stats").json().get("totalBusinesses").asLong())
          .isEqualTo(200 + created.size());
      assertThat(http.get("/api/businesses/" + created.get(0)).status()).isEqualTo(200);
    }
  }

  @Test
  void enrichment_success_fillsContactsAndEmits() throws Exception {
    DemoServer server = start();
    TestHttp http = http(server);
    String id = firstWith(http, "enriched=false&hasEmail=false");
    try (SseReader stream = sse(server, null)) {
      await("the SSE client", () -> server.eventClients() == 1);

      assertThat(http.post("/api/enrichment/" + id, null).status()).isEqualTo(202);

      JsonNode pending = data(stream.awaitEvent(b -> "business:updated".equals(b.type())));
      assertThat(pending.get("enrichment").asText()).isEqualTo("pending");
      JsonNode done = data(stream.awaitEvent(b -> "business:updated".equals(b.type())));
      assertThat(done.get("enrichment").asText()).isEqualTo("enriched");
      assertThat(done.get("version").asLong()).isEqualTo(pending.get("version").asLong() + 1);
      JsonNode complete = data(stream.awaitEvent(b -> "enrichment:complete".equals(b.type())));
      assertThat(complete.get("state").asText()).isEqualTo("enriched");
      assertThat(stream.awaitEvent(b -> true).type()).isEqualTo("stats:updated");
    }
    JsonNode business = http.get("/api/businesses/" + id).json();
    assertThat(business.get("email")).isNotNull();
    assertThat(business.get("website")).isNotNull();
    assertThat(business.get("contacts")).isNotEmpty();
    assertThat(http.get("/api/businesses/" + id + "/contacts").json()).isNotEmpty();
  }

  @Test
  void randomOutcomes_dependOnTheSeedAndTheJobs_notOnOtherRequests() throws Exception {
    DemoServer quiet = start(builder -> builder.seed(11).enrichmentFailureRate(0.5));
    DemoServer busy = start(builder -> builder.seed(11).enrichmentFailureRate(0.5));

    List<String> outcomes = enrichEach(quiet, 0);
    List<String> outcomesAmidOtherRequests = enrichEach(busy, 7);

    assertThat(outcomesAmidOtherRequests).isEqualTo(outcomes);
    assertThat(outcomes)
        .as("a rate of 0.5 gives both outcomes over 12 jobs")
        .contains("enriched", "failed");
  }

  /** Enriches biz_0001 to biz_0012 one at a time, with other requests before each. */
  private static List<String> enrichEach(DemoServer server, int otherRequests) throws Exception {
    TestHttp http = http(server);
    List<String> outcomes = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      for (int j = 0; j < otherRequests; j++) {
        assertThat(http.get("/api/businesses?pageSize=3").status()).isEqualTo(200);
      }
      String id = String.format(java.util.Locale.ROOT, "biz_%04d", i);
      String jobId = http.post("/api/enrichment/" + id, null).json().get("jobId").asText();
      await(
          "the end of " + jobId,
          () ->
              !http.get("/api/jobs/" + jobId)
                  .json()
                  .get("state")
                  .asText()
                  .matches("queued|running"));
      outcomes.add(http.get("/api/businesses/" + id).json().get("enrichment").asText());
    }
    return outcomes;
  }

  @Test
  void enrichment_failure_becomesFailedJob_retrySucceeds() throws Exception {
    DemoServer server = start(builder -> builder.enrichmentFailureRate(1));
    TestHttp http = http(server);
    String id = firstWith(http, "enriched=false");
    try (SseReader stream = sse(server, null)) {
      await("the SSE client", () -> server.eventClients() == 1);

      String jobId = http.post("/api/enrichment/" + id, null).json().get("jobId").asText();
      JsonNode failed = data(stream.awaitEvent(b -> "enrichment:complete".equals(b.type())));
      assertThat(failed.get("state").asText()).isEqualTo("failed");
      assertThat(http.get("/api/businesses/" + id).json().get("enrichment").asText())
          .isEqualTo("failed");
      JsonNode failedJobs = http.get("/api/jobs/failed").json();
      assertThat(failedJobs).hasSize(1);
      assertThat(failedJobs.get(0).get("id").asText()).isEqualTo(jobId);
      assertThat(failedJobs.get(0).get("attempts").asInt()).isEqualTo(1);
      assertThat(http.get("/api/jobs/" + jobId).json().get("state").asText()).isEqualTo("failed");
      assertThat(http.get("/api/businesses/stats").json().get("failedJobs").asInt()).isEqualTo(1);

      server.setEnrichmentFailureRate(0);
      TestHttp.Exchange retried = http.post("/api/jobs/" + jobId + "/retry", null);
      assertThat(retried.status()).isEqualTo(202);
      assertThat(retried.json().get("state").asText()).isEqualTo("queued");
      JsonNode enriched = data(stream.awaitEvent(b -> "enrichment:complete".equals(b.type())));
      assertThat(enriched.get("state").asText()).isEqualTo("enriched");
    }
    assertThat(http.get("/api/jobs/failed").json()).isEmpty();
    assertThat(http.get("/api/jobs/" + "job_0001").json().get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void enrichmentRejectRate1_every503_noChange() {
    DemoServer server = start(builder -> builder.enrichmentRejectRate(1));
    TestHttp http = http(server);

    for (int attempt = 0; attempt < 3; attempt++) {
      TestHttp.Exchange rejected = http.post("/api/enrichment/biz_0001", null);
      assertThat(rejected.status()).isEqualTo(503);
      assertThat(rejected.errorCode()).isEqualTo("enrichment_unavailable");
    }
    assertThat(http.get("/api/businesses/biz_0001").json().get("version").asLong()).isEqualTo(1);

    server.setEnrichmentRejectRate(0);
    assertThat(http.post("/api/enrichment/biz_0001", null).status()).isEqualTo(202);
  }

  @Test
  void sse_lastEventId_replaysHistoryInOrder_thenLive() throws Exception {
    DemoServer server = start();
    TestHttp http = http(server);
    http.call("DELETE", "/api/businesses/biz_0001").send(); // events 1, 2
    http.call("DELETE", "/api/businesses/biz_0002").send(); // events 3, 4

    try (SseReader stream = sse(server, "1")) {
      assertThat(stream.header("X-Resumed-From"))
          .as("a complete replay is confirmed")
          .isEqualTo("1");
      SseReader.Block retry = stream.next();
      assertThat(Objects.requireNonNull(retry).lines()).containsExactly("retry: 1000");
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(stream.awaitEvent(b -> true).id());
      }
      assertThat(ids).containsExactly(2L, 3L, 4L);

      http.call("DELETE", "/api/businesses/biz_0003").send();
      SseReader.Block live = stream.awaitEvent(b -> true);
      assertThat(live.id()).isEqualTo(5L);
      assertThat(live.type()).isEqualTo("business:deleted");
      assertThat(live.data()).isEqualTo("{\"id\":\"biz_0003\"}");
    }
  }

  @Test
  void sse_resumeIsConfirmedOnlyWhenNoEventWasLost() throws Exception {
    DemoServer server = start(builder -> builder.eventHistory(2));
    TestHttp http = http(server);
    http.call("DELETE", "/api/businesses/biz_0001").send(); // events 1, 2
    http.call("DELETE", "/api/businesses/biz_0002").send(); // events 3, 4: 1 and 2 evicted

    try (SseReader fresh = sse(server, null);
        SseReader gap = sse(server, "1");
        SseReader resumed = sse(server, "2");
        SseReader unknown = sse(server, "99");
        SseReader foreign = sse(server, "not-a-number")) {
      assertThat(fresh.header("X-Resumed-From")).isNull();
      assertThat(gap.header("X-Resumed-From")).as("event 2 is gone").isNull();
      assertThat(resumed.header("X-Resumed-From")).isEqualTo("2");
      assertThat(unknown.header("X-Resumed-From")).as("not an id of this log").isNull();
      assertThat(foreign.header("X-Resumed-From")).isNull();
    }
  }

  @Test
  void anIdOfAnEarlierServerProcess_isNotTakenForOneOfThisOnes() throws Exception {
    DemoServer earlier = start(builder -> builder.firstEventId(1_000_001));
    http(earlier).call("DELETE", "/api/businesses/biz_0001").send(); // Events 1000001, 1000002.
    earlier.close();
    // The next process: its ids start above the earlier one's, as the default (the clock) does.
    DemoServer later = start(builder -> builder.firstEventId(2_000_001));
    http(later).call("DELETE", "/api/businesses/biz_0001").send(); // Events 2000001, 2000002.

    try (SseReader stream = sse(later, "1000002")) {
      assertThat(stream.header("X-Resumed-From")).isNull();
      assertThat(stream.awaitEvent(b -> true).id())
          .as("what this process still holds is replayed")
          .isEqualTo(2_000_001L);
    }
  }

  @Test
  void byDefault_theFirstEventIdComesFromTheClock() throws Exception {
    long before = System.currentTimeMillis();
    DemoServer server = DemoServer.builder().heartbeatInterval(Duration.ofMillis(100)).build();
    servers.add(server);
    long after = System.currentTimeMillis();
    server.start();
    http(server).call("DELETE", "/api/businesses/biz_0001").send();

    try (SseReader stream = sse(server, "1")) {
      assertThat(stream.header("X-Resumed-From")).as("1 is not an id of this process").isNull();
      assertThat(stream.awaitEvent(b -> true).id()).isBetween(before * 1000 + 1, after * 1000 + 1);
    }
  }

  @Test
  void heartbeats_sseCommentAndWebSocketPing() throws Exception {
    DemoServer server = start();
    try (SseReader stream = sse(server, null);
        WsReader socket = new WsReader(server.webSocketUrl(), server.token())) {
      boolean heartbeat = false;
      for (int i = 0; i < 5 && !heartbeat; i++) {
        SseReader.Block block = stream.next();
        heartbeat = block != null && block.lines().contains(": heartbeat");
      }
      assertThat(heartbeat).isTrue();
      socket.awaitPing();
    }
  }

  @Test
  void webSocket_receivesEnvelopesWithIds() throws Exception {
    DemoServer server = start();
    TestHttp http = http(server);
    try (WsReader socket = new WsReader(server.webSocketUrl(), server.token())) {
      await("the WebSocket client", () -> server.eventClients() == 1);

      http.call("DELETE", "/api/businesses/biz_0009").send();

      JsonNode deleted = socket.awaitFrame(f -> true);
      assertThat(deleted.toString())
          .isEqualTo("{\"type\":\"business:deleted\",\"data\":{\"id\":\"biz_0009\"},\"id\":1}");
      JsonNode stats = socket.awaitFrame(f -> true);
      assertThat(stats.toString()).isEqualTo("{\"type\":\"stats:updated\",\"id\":2}");
    }
  }

  @Test
  void stopThenStart_sameport_keepsDataAndHistory_closesStreams() throws Exception {
    DemoServer server = start();
    TestHttp http = http(server);
    int port = server.port();
    http.call("DELETE", "/api/businesses/biz_0001").send();
    SseReader stream = sse(server, null);
    WsReader socket = new WsReader(server.webSocketUrl(), server.token());
    try {
      await("two event clients", () -> server.eventClients() == 2);

      server.stop();

      assertThat(socket.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
      stream.awaitEnd();
      assertThat(server.eventClients()).isZero();
    } finally {
      stream.close();
      socket.close();
    }

    server.start();

    assertThat(server.port()).isEqualTo(port);
    TestHttp again = http(server);
    assertThat(again.get("/api/businesses/biz_0001").status()).isEqualTo(404);
    assertThat(again.get("/api/businesses/stats").json().get("totalBusinesses").asLong())
        .isEqualTo(199);
    try (SseReader resumed = sse(server, "0")) {
      assertThat(resumed.awaitEvent(b -> true).id()).isEqualTo(1L);
    }
  }

  @Test
  void close_leavesNoServerThread_andIsIdempotent() throws Exception {
    Set<Thread> before = demoThreads(); // Another server's threads, if any, are not this one's.
    DemoServer server = start();
    http(server).get("/api/health");
    try (SseReader stream = sse(server, null)) {
      await("the SSE client", () -> server.eventClients() == 1);
      server.close();
      server.close();
      stream.awaitEnd();
    }

    await("no freshet-demo thread of this server", () -> before.containsAll(demoThreads()));
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  private static Set<Thread> demoThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("freshet-demo"))
        .collect(Collectors.toSet());
  }

  @Test
  void leadsClient_agreesWithServer() {
    DemoServer server = start();
    try (ApiClient api =
        ApiClient.builder()
            .baseUrl(server.baseUrl() + "/")
            .token(server.token())
            .retryPolicy(RetryPolicy.none())
            .build()) {
      LeadsClient leads = LeadsClient.of(api);

      assertThat(leads.health().isOk()).isTrue();
      BusinessPage page = leads.businesses().list(BusinessFilters.builder().pageSize(5).build());
      assertThat(page.total()).isEqualTo(200);
      assertThat(page.items()).hasSize(5);
      Business business = leads.businesses().retrieve(page.items().get(0).id());
      assertThat(business).isEqualTo(page.items().get(0));
      DashboardStats stats = leads.businesses().stats();
      assertThat(stats.totalBusinesses()).isEqualTo(200);
      assertThat(stats.byStatus().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(200);
    }
  }

  @Test
  void builder_andKnobs_validate() {
    assertThatThrownBy(() -> DemoServer.builder().port(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().port(65_536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().errorRate(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().enrichmentFailureRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().enrichmentRejectRate(-0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().scrapeDuration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scrapeDuration");
    assertThatThrownBy(() -> DemoServer.builder().latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().heartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().businesses(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().eventHistory(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().token(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoServer.builder().host(" "))
        .isInstanceOf(IllegalArgumentException.class);
    DemoServer server = DemoServer.builder().build();
    servers.add(server);
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.setEnrichmentRejectRate(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.setEnrichmentFailureRate(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ helpers

  private static String firstWith(TestHttp http, String query) {
    return http.get("/api/businesses?pageSize=1&" + query)
        .json()
        .get("items")
        .get(0)
        .get("id")
        .asText();
  }

  private static JsonNode data(SseReader.Block block) {
    try {
      return TestHttp.JSON.readTree(block.data());
    } catch (java.io.IOException e) {
      throw new CompletionException(e);
    }
  }
}
