package io.github.freshet.client.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.RetryPolicy;
import io.github.freshet.client.testing.NoSecretsInLogsExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Lead API endpoint: what goes on the wire, and what comes back decoded. */
final class LeadsClientTest {
  private static final String TOKEN = NoSecretsInLogsExtension.SECRET_PREFIX + "leads";
  private static final String BUSINESS =
      """
      {"id":"b_0042","name":"Hill Country Plumbing","category":"plumber",
       "address":"1200 Barton Springs Rd","city":"Austin","phone":"+1 512-555-0142",
       "website":"https://hillcountryplumbing.example","email":"office@hillcountryplumbing.example",
       "rating":4.6,"status":"qualified","enrichment":"enriched",
       "contacts":[{"id":"c_1","name":"Dana Ortiz","title":"Owner",
                    "email":"dana@hillcountryplumbing.example","phone":null}],
       "version":7,"createdAt":"2026-10-01T09:30:00Z","updatedAt":"2026-11-20T16:05:12Z"}
      """;
  private static final String SCRAPE_JOB =
      """
      {"jobId":"job_9","state":"running","progress":40,"found":12,"saved":9,"error":null,
       "city":"Austin","category":"plumber","createdAt":"2026-11-22T10:00:00Z",
       "updatedAt":"2026-11-22T10:00:04Z","finishedAt":null}
      """;
  private static final String JOB =
      """
      {"id":"job_3","type":"enrichment","state":"queued","progress":0,"attempts":2,
       "error":null,"createdAt":"2026-11-22T10:00:00Z","updatedAt":"2026-11-22T10:01:00Z"}
      """;

  private MockWebServer server;
  private ApiClient api;
  private LeadsClient leads;

  @BeforeEach
  void setUp() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    api =
        ApiClient.builder()
            .baseUrl(server.url("/").toString())
            .token(TOKEN)
            .retryPolicy(RetryPolicy.none())
            .build();
    leads = LeadsClient.of(api);
  }

  @AfterEach
  void tearDown() {
    api.close();
    server.close();
  }

  @Test
  void listBusinesses_sendsEveryFilter_andDecodesThePage() throws Exception {
    respond(200, "{\"items\":[" + BUSINESS + "],\"page\":2,\"pageSize\":25,\"total\":51}");
    BusinessFilters filters =
        BusinessFilters.builder()
            .search("plumb")
            .city("Austin")
            .category("plumber")
            .status(BusinessStatus.QUALIFIED)
            .hasEmail(true)
            .enriched(false)
            .sort("-rating")
            .page(2)
            .pageSize(25)
            .build();

    BusinessPage page = leads.businesses().list(filters);

    RecordedRequest request = expect("GET", "/api/businesses");
    assertThat(request.getUrl().query())
        .isEqualTo(
            "search=plumb&city=Austin&category=plumber&status=qualified&hasEmail=true"
                + "&enriched=false&sort=-rating&page=2&pageSize=25");
    assertThat(page.page()).isEqualTo(2);
    assertThat(page.pageSize()).isEqualTo(25);
    assertThat(page.total()).isEqualTo(51);
    assertThat(page.totalPages()).isEqualTo(3);
    assertThat(page.hasNext()).isTrue();
    assertThat(page.items()).singleElement().satisfies(LeadsClientTest::isTheSampleBusiness);
  }

  @Test
  void listBusinesses_withoutFilters_sendsNoQuery() throws Exception {
    respond(200, "{\"items\":[],\"page\":1,\"pageSize\":20,\"total\":0}");

    BusinessPage page =
        leads.businesses().listAsync(BusinessFilters.none()).get(10, TimeUnit.SECONDS);

    assertThat(expect("GET", "/api/businesses").getUrl().query()).isNull();
    assertThat(page.items()).isEmpty();
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void retrieveBusiness_decodesEveryField() throws Exception {
    respond(200, BUSINESS);

    Business business = leads.businesses().retrieve("b_0042");

    expect("GET", "/api/businesses/b_0042");
    isTheSampleBusiness(business);
  }

  @Test
  void retrieveBusiness_unknownId_throwsNotFound() {
    respond(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"No business b_404\"}}");

    assertThatThrownBy(() -> leads.businesses().retrieve("b_404"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("No business b_404");
  }

  @Test
  void contacts_decodesTheArray() throws Exception {
    respond(
        200,
        "[{\"id\":\"c_1\",\"name\":\"Dana Ortiz\",\"title\":\"Owner\"},"
            + "{\"id\":\"c_2\",\"name\":\"Lee Park\",\"email\":\"lee@example.com\"}]");

    List<Contact> contacts = leads.businesses().contactsAsync("b_0042").get(10, TimeUnit.SECONDS);

    expect("GET", "/api/businesses/b_0042/contacts");
    assertThat(contacts)
        .containsExactly(
            new Contact("c_1", "Dana Ortiz", "Owner", null, null),
            new Contact("c_2", "Lee Park", null, "lee@example.com", null));
  }

  @Test
  void updateBusiness_patchesOnlyTheSetFields_withAnIdempotencyKey() throws Exception {
    respond(200, BUSINESS);

    Business updated =
        leads
            .businesses()
            .update(
                "b_0042",
                BusinessUpdate.builder().status(BusinessStatus.QUALIFIED).phone("+1 512").build());

    RecordedRequest request = expect("PATCH", "/api/businesses/b_0042");
    assertThat(body(request)).isEqualTo("{\"phone\":\"+1 512\",\"status\":\"qualified\"}");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertThat(updated.version()).isEqualTo(7);
  }

  @Test
  void deleteBusiness_sendsDelete() throws Exception {
    respond(204, "");
    respond(204, "");

    leads.businesses().delete("b_0042");
    assertThat(leads.businesses().deleteAsync("b_0043").get(10, TimeUnit.SECONDS)).isNull();

    expect("DELETE", "/api/businesses/b_0042");
    expect("DELETE", "/api/businesses/b_0043");
  }

  @Test
  void stats_decodes() throws Exception {
    respond(
        200,
        """
        {"totalBusinesses":200,"withEmail":120,"withWebsite":150,"enriched":80,
         "byStatus":{"new":90,"qualified":40},"byCategory":{"plumber":25},
         "activeJobs":2,"failedJobs":1,"generatedAt":"2026-11-22T10:00:00Z"}
        """);

    DashboardStats stats = leads.businesses().stats();

    expect("GET", "/api/businesses/stats");
    assertThat(stats.totalBusinesses()).isEqualTo(200);
    assertThat(stats.byStatus()).containsEntry("qualified", 40L);
    assertThat(stats.byCategory()).containsEntry("plumber", 25L);
    assertThat(stats.activeJobs()).isEqualTo(2);
    assertThat(stats.generatedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @Test
  void startScrape_postsTheRequest() throws Exception {
    respond(202, SCRAPE_JOB);

    ScrapeJob job = leads.scraper().start(new ScrapeRequest("Austin", "plumber", 50));

    RecordedRequest request = expect("POST", "/api/scraper/scrape");
    assertThat(body(request))
        .isEqualTo("{\"city\":\"Austin\",\"category\":\"plumber\",\"limit\":50}");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertThat(job.jobId()).isEqualTo("job_9");
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.progress()).isEqualTo(40);
    assertThat(job.isDone()).isFalse();
    assertThat(job.finishedAt()).isNull();
  }

  @Test
  void scrapeStatus_getsTheJob() throws Exception {
    respond(200, SCRAPE_JOB);

    ScrapeJob job = leads.scraper().statusAsync("job_9").get(10, TimeUnit.SECONDS);

    expect("GET", "/api/scraper/status/job_9");
    assertThat(job.found()).isEqualTo(12);
    assertThat(job.saved()).isEqualTo(9);
  }

  @Test
  void cancelScrape_postsWithoutBody() throws Exception {
    respond(200, SCRAPE_JOB.replace("\"running\"", "\"cancelled\""));

    ScrapeJob job = leads.scraper().cancel("job_9");

    RecordedRequest request = expect("POST", "/api/scraper/job_9/cancel");
    assertThat(request.getBodySize()).isZero();
    assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    assertThat(job.isDone()).isTrue();
  }

  @Test
  void enrich_postsToTheBusiness() throws Exception {
    respond(
        202,
        "{\"businessId\":\"b_0042\",\"jobId\":\"job_5\",\"state\":\"pending\","
            + "\"acceptedAt\":\"2026-11-22T10:00:00Z\"}");

    EnrichmentResult result = leads.enrichment().enrich("b_0042");

    RecordedRequest request = expect("POST", "/api/enrichment/b_0042");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertThat(result.state()).isEqualTo(EnrichmentState.PENDING);
    assertThat(result.jobId()).isEqualTo("job_5");
  }

  @Test
  void enrichBatch_postsTheIds() throws Exception {
    respond(
        202,
        "{\"accepted\":[{\"businessId\":\"b_1\",\"jobId\":\"job_6\",\"state\":\"pending\","
            + "\"acceptedAt\":\"2026-11-22T10:00:00Z\"}],"
            + "\"rejected\":[{\"businessId\":\"b_2\",\"reason\":\"not_found\"}]}");

    BatchEnrichmentResult result =
        leads
            .enrichment()
            .enrichBatchAsync(BatchEnrichmentRequest.of("b_1", "b_2"))
            .get(10, TimeUnit.SECONDS);

    RecordedRequest request = expect("POST", "/api/enrichment/batch");
    assertThat(body(request)).isEqualTo("{\"businessIds\":[\"b_1\",\"b_2\"]}");
    assertThat(result.accepted()).extracting(EnrichmentResult::businessId).containsExactly("b_1");
    assertThat(result.rejected())
        .containsExactly(new BatchEnrichmentResult.Rejection("b_2", "not_found"));
  }

  @Test
  void retrieveJob_decodes() throws Exception {
    respond(200, JOB);

    Job job = leads.jobs().retrieve("job_3");

    expect("GET", "/api/jobs/job_3");
    assertThat(job.type()).isEqualTo("enrichment");
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.attempts()).isEqualTo(2);
  }

  @Test
  void failedJobs_decodes() throws Exception {
    respond(
        200,
        "[{\"id\":\"job_7\",\"type\":\"scrape\",\"error\":\"upstream timed out\",\"attempts\":3,"
            + "\"failedAt\":\"2026-11-22T09:00:00Z\"}]");

    List<FailedJob> failed = leads.jobs().listFailed();

    expect("GET", "/api/jobs/failed");
    assertThat(failed)
        .containsExactly(
            new FailedJob(
                "job_7", "scrape", "upstream timed out", 3, Instant.parse("2026-11-22T09:00:00Z")));
  }

  @Test
  void retryJob_posts() throws Exception {
    respond(200, JOB);

    Job job = leads.jobs().retryAsync("job_3").get(10, TimeUnit.SECONDS);

    RecordedRequest request = expect("POST", "/api/jobs/job_3/retry");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertThat(job.id()).isEqualTo("job_3");
  }

  @Test
  void health_decodes() throws Exception {
    respond(
        200,
        "{\"status\":\"ok\",\"version\":\"1.4.2\",\"uptimeSeconds\":3600,"
            + "\"time\":\"2026-11-22T10:00:00Z\"}");

    Health health = leads.health();

    expect("GET", "/api/health");
    assertThat(health.isOk()).isTrue();
    assertThat(health.uptimeSeconds()).isEqualTo(3600);
  }

  @Test
  void unknownEnumValues_andUnknownFields_decode() {
    respond(
        200,
        BUSINESS
            .replace("\"qualified\"", "\"archived\"")
            .replace("\"enriched\"", "\"queued-for-review\"")
            .replace("\"version\":7", "\"version\":7,\"tags\":[\"new-field\"]"));

    Business business = leads.businesses().retrieve("b_0042");

    assertThat(business.status().value()).isEqualTo("archived");
    assertThat(business.status().isKnown()).isFalse();
    assertThat(business.status()).isEqualTo(BusinessStatus.of("archived"));
    assertThat(business.enrichment().isKnown()).isFalse();
  }

  private static void isTheSampleBusiness(Business business) {
    assertThat(business.id()).isEqualTo("b_0042");
    assertThat(business.name()).isEqualTo("Hill Country Plumbing");
    assertThat(business.category()).isEqualTo("plumber");
    assertThat(business.address()).isEqualTo("1200 Barton Springs Rd");
    assertThat(business.city()).isEqualTo("Austin");
    assertThat(business.phone()).isEqualTo("+1 512-555-0142");
    assertThat(business.website()).isEqualTo("https://hillcountryplumbing.example");
    assertThat(business.email()).isEqualTo("office@hillcountryplumbing.example");
    assertThat(business.rating()).isEqualTo(4.6);
    assertThat(business.status()).isSameAs(BusinessStatus.QUALIFIED);
    assertThat(business.enrichment()).isSameAs(EnrichmentState.ENRICHED);
    assertThat(business.contacts())
        .containsExactly(
            new Contact("c_1", "Dana Ortiz", "Owner", "dana@hillcountryplumbing.example", null));
    assertThat(business.version()).isEqualTo(7);
    assertThat(business.createdAt()).isEqualTo(Instant.parse("2026-10-01T09:30:00Z"));
    assertThat(business.updatedAt()).isEqualTo(Instant.parse("2026-11-20T16:05:12Z"));
  }

  private void respond(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private RecordedRequest expect(String method, String path) throws InterruptedException {
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("X-Request-Id")).isNotBlank();
    return request;
  }

  private static String body(RecordedRequest request) {
    if (request.getBody() == null) {
      throw new UncheckedIOException(new IOException("no body"));
    }
    return request.getBody().string(StandardCharsets.UTF_8);
  }
}
