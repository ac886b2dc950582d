package io.github.freshet.client.leads;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.freshet.client.ApiClient;
import io.github.freshet.client.ExtensibleEnum;
import io.github.freshet.client.FreshetInvalidDataException;
import io.github.freshet.client.InternalServerException;
import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.RateLimitException;
import io.github.freshet.client.RetryPolicy;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the client to the wire contract, {@code docs/openapi.yaml}: every Lead API endpoint is
 * called through {@link LeadsClient} against a mock server answering a realistic sample, and both
 * the request the client sent and the sample are validated against the spec. The event samples are
 * validated against the event schemas, and the schemas' required and nullable properties are
 * checked against what the model records actually accept.
 */
final class OpenApiContractTest {
  private static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
  private static final Path EVENT_SAMPLES =
      Path.of("src", "test", "resources", "samples", "events");
  private static final String TOKEN = "sk-test-contract";
  private static final String JSON_TYPE = "application/json; charset=utf-8";

  private static final OpenAPI API = loadSpec();
  // Strict: the library ignores unexpected query parameters by default, but a client sending one
  // has drifted from the contract.
  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createFor(API)
          .withLevelResolver(
              LevelResolver.create()
                  .withLevel(
                      "validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                  .build())
          .build();
  private static final ApiOperationResolver OPERATIONS = new ApiOperationResolver(API, null, false);
  private static final SchemaValidator SCHEMAS = new SchemaValidator(API, new MessageResolver());
  private static final ObjectMapper JSON = ApiClient.defaultObjectMapper();

  private static final String BUSINESS_ID = "biz_01HV6Q8M3KX2T9PZ4R7YB5CJDN";
  private static final String SCRAPE_JOB_ID = "job_01HV7A1B2C3D4E5F6G7H8J9K0M";
  private static final String JOB_ID = "job_01HV7D3E4F5G6H7J8K9M0N1P2Q";

  /** The operations this test instance sent, as {@code METHOD /path/{template}}. */
  private final Set<String> exercised = new TreeSet<>();

  private MockWebServer server;
  private ApiClient api;
  private LeadsClient leads;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    api =
        ApiClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getPort() + "/")
            .token(TOKEN)
            .retryPolicy(RetryPolicy.none())
            .build();
    leads = LeadsClient.of(api);
  }

  @AfterEach
  void stopServer() {
    api.close();
    server.close();
  }

  // ------------------------------------------------------------------ every endpoint

  @Test
  void health_matchesContract() throws Exception {
    health();
  }

  @Test
  void listBusinesses_matchesContract() throws Exception {
    listBusinesses();
  }

  @Test
  void retrieveBusiness_matchesContract() throws Exception {
    retrieveBusiness();
  }

  @Test
  void businessContacts_matchesContract() throws Exception {
    businessContacts();
  }

  @Test
  void updateBusiness_matchesContract() throws Exception {
    updateBusiness();
  }

  @Test
  void deleteBusiness_matchesContract() throws Exception {
    deleteBusiness();
  }

  @Test
  void dashboardStats_matchesContract() throws Exception {
    dashboardStats();
  }

  @Test
  void startScrape_matchesContract() throws Exception {
    startScrape();
  }

  @Test
  void scrapeStatus_matchesContract() throws Exception {
    scrapeStatus();
  }

  @Test
  void cancelScrape_matchesContract() throws Exception {
    cancelScrape();
  }

  @Test
  void enrichBusiness_matchesContract() throws Exception {
    enrichBusiness();
  }

  @Test
  void enrichBatch_matchesContract() throws Exception {
    enrichBatch();
  }

  @Test
  void retrieveJob_matchesContract() throws Exception {
    retrieveJob();
  }

  @Test
  void listFailedJobs_matchesContract() throws Exception {
    listFailedJobs();
  }

  @Test
  void retryJob_matchesContract() throws Exception {
    retryJob();
  }

  /** A new endpoint in the spec without a client method (and a call here) fails the build. */
  @Test
  void everyOperationInSpec_isExercised() throws Exception {
    List<Exercise> all =
        List.of(
            this::health,
            this::listBusinesses,
            this::retrieveBusiness,
            this::businessContacts,
            this::updateBusiness,
            this::deleteBusiness,
            this::dashboardStats,
            this::startScrape,
            this::scrapeStatus,
            this::cancelScrape,
            this::enrichBusiness,
            this::enrichBatch,
            this::retrieveJob,
            this::listFailedJobs,
            this::retryJob);
    for (Exercise exercise : all) {
      exercise.run();
    }

    assertThat(exercised).isEqualTo(specOperations()).hasSize(15);
  }

  private void health() throws Exception {
    Stub stub = stub(200, "health.json");

    Health health = leads.health();

    assertThat(health.isOk()).isTrue();
    assertThat(health.version()).isEqualTo("2.7.1");
    assertThat(health.uptimeSeconds()).isEqualTo(864_213L);
    assertThat(health.time()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
    assertExchangeMatchesContract(stub);
  }

  private void listBusinesses() throws Exception {
    Stub stub = stub(200, "business-page.json");
    BusinessFilters filters =
        BusinessFilters.builder()
            .search("plumbing")
            .city("Austin")
            .category("plumber")
            .status(BusinessStatus.NEW)
            .hasEmail(true)
            .enriched(false)
            .sort("-rating")
            .page(2)
            .pageSize(25)
            .build();

    BusinessPage page = leads.businesses().list(filters);

    assertThat(page.page()).isEqualTo(2);
    assertThat(page.pageSize()).isEqualTo(25);
    assertThat(page.total()).isEqualTo(47L);
    assertThat(page.hasNext()).isFalse();
    assertThat(page.items()).hasSize(2);
    Business first = page.items().get(0);
    assertThat(first.name()).isEqualTo("Lone Star Plumbing & Drain");
    assertThat(first.status()).isEqualTo(BusinessStatus.NEW);
    assertThat(first.enrichment()).isEqualTo(EnrichmentState.NONE);
    assertThat(first.updatedAt()).isEqualTo(Instant.parse("2026-02-20T08:30:00Z"));
    Business second = page.items().get(1);
    assertThat(second.rating()).isNull();
    assertThat(second.website()).isNull();
    assertThat(second.contacts()).isEmpty();
    assertThat(second.enrichment()).isEqualTo(EnrichmentState.PENDING);

    RecordedRequest request = assertExchangeMatchesContract(stub);
    HttpUrl url = request.getUrl();
    assertThat(url.queryParameter("status")).isEqualTo("new");
    assertThat(url.queryParameter("hasEmail")).isEqualTo("true");
    assertThat(url.queryParameter("enriched")).isEqualTo("false");
    assertThat(url.queryParameter("page")).isEqualTo("2");
    assertThat(url.queryParameter("pageSize")).isEqualTo("25");
    assertThat(url.queryParameter("sort")).isEqualTo("-rating");
  }

  private void retrieveBusiness() throws Exception {
    Stub stub = stub(200, "business.json");

    Business business = leads.businesses().retrieve(BUSINESS_ID);

    assertThat(business.id()).isEqualTo(BUSINESS_ID);
    assertThat(business.name()).isEqualTo("Lone Star Plumbing & Drain");
    assertThat(business.phone()).isEqualTo("+1 512-555-0147");
    assertThat(business.rating()).isEqualTo(4.7);
    assertThat(business.status()).isEqualTo(BusinessStatus.CONTACTED);
    assertThat(business.enrichment()).isEqualTo(EnrichmentState.ENRICHED);
    assertThat(business.version()).isEqualTo(7L);
    assertThat(business.createdAt()).isEqualTo(Instant.parse("2026-02-11T16:42:05Z"));
    assertThat(business.contacts())
        .extracting(Contact::name)
        .containsExactly("Maria Delgado", "Trevor Nguyen");
    assertThat(business.contacts().get(1).email()).isNull();
    assertExchangeMatchesContract(stub);
  }

  private void businessContacts() throws Exception {
    Stub stub = stub(200, "contacts.json");

    List<Contact> contacts = leads.businesses().contacts(BUSINESS_ID);

    assertThat(contacts).hasSize(2);
    assertThat(contacts.get(0).title()).isEqualTo("Owner");
    assertThat(contacts.get(0).email()).isEqualTo("maria@lonestarplumbing.example");
    assertThat(contacts.get(1).title()).isNull();
    assertThat(contacts.get(1).phone()).isNull();
    assertExchangeMatchesContract(stub);
  }

  private void updateBusiness() throws Exception {
    Stub stub = stub(200, "business-updated.json");
    BusinessUpdate update =
        BusinessUpdate.builder().phone("+1 512-555-0199").status(BusinessStatus.QUALIFIED).build();

    Business business = leads.businesses().update(BUSINESS_ID, update);

    assertThat(business.status()).isEqualTo(BusinessStatus.QUALIFIED);
    assertThat(business.phone()).isEqualTo("+1 512-555-0199");
    assertThat(business.version()).isEqualTo(8L);
    assertThat(business.updatedAt()).isEqualTo(Instant.parse("2026-03-02T09:03:11Z"));

    RecordedRequest request = assertExchangeMatchesContract(stub);
    assertThat(JSON.readTree(bodyOf(request)))
        .isEqualTo(JSON.readTree("{\"phone\":\"+1 512-555-0199\",\"status\":\"qualified\"}"));
  }

  private void deleteBusiness() throws Exception {
    Stub stub = stub(204, null);

    leads.businesses().delete(BUSINESS_ID);

    RecordedRequest request = assertExchangeMatchesContract(stub);
    assertThat(request.getMethod()).isEqualTo("DELETE");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/businesses/" + BUSINESS_ID);
  }

  private void dashboardStats() throws Exception {
    Stub stub = stub(200, "stats.json");

    DashboardStats stats = leads.businesses().stats();

    assertThat(stats.totalBusinesses()).isEqualTo(1284L);
    assertThat(stats.withEmail()).isEqualTo(913L);
    assertThat(stats.byStatus()).containsEntry("qualified", 149L).hasSize(5);
    assertThat(stats.byCategory()).containsEntry("plumber", 402L);
    assertThat(stats.activeJobs()).isEqualTo(3);
    assertThat(stats.failedJobs()).isEqualTo(2);
    assertThat(stats.generatedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
    assertExchangeMatchesContract(stub);
  }

  private void startScrape() throws Exception {
    Stub stub = stub(202, "scrape-job.json");

    ScrapeJob job = leads.scraper().start(new ScrapeRequest("Austin", "plumber", 100));

    assertThat(job.jobId()).isEqualTo(SCRAPE_JOB_ID);
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.progress()).isZero();
    assertThat(job.isDone()).isFalse();
    assertThat(job.finishedAt()).isNull();
    assertThat(job.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));

    RecordedRequest request = assertExchangeMatchesContract(stub);
    assertThat(JSON.readTree(bodyOf(request)))
        .isEqualTo(JSON.readTree("{\"city\":\"Austin\",\"category\":\"plumber\",\"limit\":100}"));
  }

  private void scrapeStatus() throws Exception {
    Stub stub = stub(200, "scrape-job-running.json");

    ScrapeJob job = leads.scraper().status(SCRAPE_JOB_ID);

    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.progress()).isEqualTo(45);
    assertThat(job.found()).isEqualTo(38);
    assertThat(job.saved()).isEqualTo(29);
    assertThat(job.error()).isNull();
    assertThat(job.updatedAt()).isEqualTo(Instant.parse("2026-03-01T10:17:02.418Z"));
    assertExchangeMatchesContract(stub);
  }

  private void cancelScrape() throws Exception {
    Stub stub = stub(200, "scrape-job-cancelled.json");

    ScrapeJob job = leads.scraper().cancel(SCRAPE_JOB_ID);

    assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    assertThat(job.isDone()).isTrue();
    assertThat(job.finishedAt()).isEqualTo(Instant.parse("2026-03-01T10:17:41Z"));
    assertExchangeMatchesContract(stub);
  }

  private void enrichBusiness() throws Exception {
    Stub stub = stub(202, "enrichment-result.json");

    EnrichmentResult result = leads.enrichment().enrich(BUSINESS_ID);

    assertThat(result.businessId()).isEqualTo(BUSINESS_ID);
    assertThat(result.jobId()).isEqualTo("job_01HV7B5N6P7Q8R9S0T1V2W3X4Y");
    assertThat(result.state()).isEqualTo(EnrichmentState.PENDING);
    assertThat(result.acceptedAt()).isEqualTo(Instant.parse("2026-03-01T10:20:00Z"));
    assertExchangeMatchesContract(stub);
  }

  private void enrichBatch() throws Exception {
    Stub stub = stub(202, "batch-enrichment-result.json");
    BatchEnrichmentRequest batch =
        BatchEnrichmentRequest.of(
            BUSINESS_ID, "biz_01HV6QC4P7R2S8T1V3W5X9Y2ZA", "biz_01HV6QD8E2F4G6H8J1K3M5N7P9");

    BatchEnrichmentResult result = leads.enrichment().enrichBatch(batch);

    assertThat(result.accepted())
        .extracting(EnrichmentResult::businessId)
        .containsExactly(BUSINESS_ID, "biz_01HV6QC4P7R2S8T1V3W5X9Y2ZA");
    assertThat(result.accepted().get(0).state()).isEqualTo(EnrichmentState.PENDING);
    assertThat(result.rejected())
        .containsExactly(
            new BatchEnrichmentResult.Rejection(
                "biz_01HV6QD8E2F4G6H8J1K3M5N7P9", "already_enriching"));

    RecordedRequest request = assertExchangeMatchesContract(stub);
    assertThat(JSON.readTree(bodyOf(request)))
        .isEqualTo(JSON.valueToTree(Map.of("businessIds", batch.businessIds())));
  }

  private void retrieveJob() throws Exception {
    Stub stub = stub(200, "job.json");

    Job job = leads.jobs().retrieve(JOB_ID);

    assertThat(job.type()).isEqualTo("enrichment");
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.state().isTerminal()).isTrue();
    assertThat(job.progress()).isEqualTo(80);
    assertThat(job.attempts()).isEqualTo(3);
    assertThat(job.error()).contains("timed out");
    assertThat(job.updatedAt()).isEqualTo(Instant.parse("2026-02-28T13:12:37Z"));
    assertExchangeMatchesContract(stub);
  }

  private void listFailedJobs() throws Exception {
    Stub stub = stub(200, "failed-jobs.json");

    List<FailedJob> failed = leads.jobs().listFailed();

    assertThat(failed).extracting(FailedJob::type).containsExactly("enrichment", "scrape");
    assertThat(failed.get(1).attempts()).isEqualTo(5);
    assertThat(failed.get(1).failedAt()).isEqualTo(Instant.parse("2026-02-27T22:40:09Z"));
    assertExchangeMatchesContract(stub);
  }

  private void retryJob() throws Exception {
    Stub stub = stub(202, "job-retried.json");

    Job job = leads.jobs().retry(JOB_ID);

    assertThat(job.id()).isEqualTo(JOB_ID);
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.error()).isNull();
    assertExchangeMatchesContract(stub);
  }

  // ------------------------------------------------------------------ error responses

  @Test
  void notFound_matchesContract() throws Exception {
    Stub stub = stub(404, "error-not-found.json");

    assertThatThrownBy(() -> leads.businesses().retrieve("biz_01HV6QZZZZZZZZZZZZZZZZZZZZ"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.error().code()).isEqualTo("not_found"));
    assertExchangeMatchesContract(stub);
  }

  @Test
  void rateLimited_matchesContract() throws Exception {
    Stub stub = stub(429, "error-rate-limited.json", "Retry-After", "30");

    assertThatThrownBy(() -> leads.businesses().list(BusinessFilters.none()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
              assertThat(e.error().code()).isEqualTo("rate_limited");
            });
    assertExchangeMatchesContract(stub);
  }

  @Test
  void serverError_matchesContract() throws Exception {
    Stub stub = stub(503, "error-internal.json", "Retry-After", "5");

    assertThatThrownBy(() -> leads.scraper().start(ScrapeRequest.of("Austin", "roofer")))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    assertExchangeMatchesContract(stub);
  }

  @Test
  void rateLimitedWithoutRetryAfter_failsContract() {
    ValidationReport report =
        VALIDATOR.validateResponse(
            "/api/businesses",
            Request.Method.GET,
            SimpleResponse.Builder.status(429)
                .withContentType(JSON_TYPE)
                .withBody(sample("error-rate-limited.json"))
                .build());

    assertThat(messageKeys(report)).contains("validation.response.header.missing");
  }

  // ------------------------------------------------------------------ drift is caught

  @Test
  void businessMissingName_failsContract() throws Exception {
    ObjectNode business = (ObjectNode) JSON.readTree(sample("business.json"));
    business.remove("name");
    String body = JSON.writeValueAsString(business);

    ValidationReport report = validateBusinessResponse(body);

    assertThat(report.hasErrors()).isTrue();
    assertThat(messageKeys(report)).contains("validation.response.body.schema.required");
    stubBody(200, body);
    assertThatThrownBy(() -> leads.businesses().retrieve(BUSINESS_ID))
        .isInstanceOf(FreshetInvalidDataException.class);
  }

  @Test
  void businessWithNumericStatus_failsContract() throws Exception {
    ObjectNode business = (ObjectNode) JSON.readTree(sample("business.json"));
    business.put("status", 3);

    ValidationReport report = validateBusinessResponse(JSON.writeValueAsString(business));

    assertThat(messageKeys(report)).contains("validation.response.body.schema.type");
  }

  @Test
  void businessWithUnknownStatusValue_matchesContract() throws Exception {
    ObjectNode business = (ObjectNode) JSON.readTree(sample("business.json"));
    business.put("status", "archived");
    business.put("leadScore", 87);
    String body = JSON.writeValueAsString(business);

    assertNoErrors(validateBusinessResponse(body), "a business with a new status value");
    stubBody(200, body);
    assertThat(leads.businesses().retrieve(BUSINESS_ID).status().isKnown()).isFalse();
  }

  @Test
  void listWithPageSizeOverLimit_failsContract() {
    ValidationReport report =
        VALIDATOR.validateRequest(
            SimpleRequest.Builder.get("/api/businesses")
                .withAuthorization("Bearer " + TOKEN)
                .withAccept("application/json")
                .withQueryParam("pageSize", "500")
                .build());

    assertThat(messageKeys(report)).contains("validation.request.parameter.schema.maximum");
  }

  @Test
  void listWithUnknownQueryParameter_failsContract() {
    ValidationReport report =
        VALIDATOR.validateRequest(
            SimpleRequest.Builder.get("/api/businesses")
                .withAuthorization("Bearer " + TOKEN)
                .withAccept("application/json")
                .withQueryParam("town", "Austin")
                .build());

    assertThat(messageKeys(report)).contains("validation.request.parameter.query.unexpected");
  }

  @Test
  void updateWithUnknownStatus_failsContract() {
    ValidationReport report =
        VALIDATOR.validateRequest(
            SimpleRequest.Builder.patch("/api/businesses/" + BUSINESS_ID)
                .withAuthorization("Bearer " + TOKEN)
                .withHeader("Idempotency-Key", "4f1c2a9e-8b7d-4e6f-9a3c-2d1b0e5f7a8c")
                .withContentType(JSON_TYPE)
                .withBody("{\"status\":\"archived\",\"nickname\":\"Lone Star\"}")
                .build());

    assertThat(messageKeys(report))
        .contains(
            "validation.request.body.schema.enum",
            "validation.request.body.schema.additionalProperties");
  }

  @Test
  void postWithoutIdempotencyKey_failsContract() {
    ValidationReport report =
        VALIDATOR.validateRequest(
            SimpleRequest.Builder.post("/api/scraper/scrape")
                .withAuthorization("Bearer " + TOKEN)
                .withContentType(JSON_TYPE)
                .withBody("{\"city\":\"Austin\",\"category\":\"plumber\"}")
                .build());

    assertThat(messageKeys(report)).contains("validation.request.parameter.header.missing");
  }

  @Test
  void requestWithoutToken_failsContract() {
    ValidationReport report =
        VALIDATOR.validateRequest(SimpleRequest.Builder.get("/api/businesses/stats").build());

    assertThat(messageKeys(report)).contains("validation.request.security.missing");
  }

  // ------------------------------------------------------------------ models agree with schemas

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("Business", "business.json", "", Business.class),
        Arguments.of("Contact", "contacts.json", "/0", Contact.class),
        Arguments.of("BusinessPage", "business-page.json", "", BusinessPage.class),
        Arguments.of("DashboardStats", "stats.json", "", DashboardStats.class),
        Arguments.of("ScrapeJob", "scrape-job.json", "", ScrapeJob.class),
        Arguments.of("EnrichmentResult", "enrichment-result.json", "", EnrichmentResult.class),
        Arguments.of(
            "BatchEnrichmentResult",
            "batch-enrichment-result.json",
            "",
            BatchEnrichmentResult.class),
        Arguments.of(
            "EnrichmentRejection",
            "batch-enrichment-result.json",
            "/rejected/0",
            BatchEnrichmentResult.Rejection.class),
        Arguments.of("Job", "job.json", "", Job.class),
        Arguments.of("FailedJob", "failed-jobs.json", "/0", FailedJob.class),
        Arguments.of("Health", "health.json", "", Health.class));
  }

  /**
   * The schema's properties are the record's components; a required property is one the client
   * cannot decode without, and a nullable one is one it decodes as {@code null}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void modelSchema_agreesWithRecord(
      String schemaName, String sampleName, String pointer, Class<? extends Record> type)
      throws Exception {
    Schema<?> schema = schema(schemaName);
    JsonNode full = JSON.readTree(sample(sampleName)).at(pointer);
    assertThat(full.isObject()).as("%s%s is an object", sampleName, pointer).isTrue();
    assertNoErrors(SCHEMAS.validate(full.toString(), schema, "model"), sampleName + pointer);
    assertThat(decodes(full, type)).as("the full sample decodes").isTrue();

    Set<String> components =
        Arrays.stream(type.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(propertiesOf(schema).keySet())
        .as("properties of %s", schemaName)
        .containsExactlyInAnyOrderElementsOf(components);
    assertThat(full.properties().stream().map(Map.Entry::getKey))
        .as("%s%s sets every property", sampleName, pointer)
        .containsAll(components);

    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, Schema<?>> property : propertiesOf(schema).entrySet()) {
      String name = property.getKey();
      boolean isRequired = required.contains(name);
      boolean isNullable = Boolean.TRUE.equals(property.getValue().getNullable());
      ObjectNode without = ((ObjectNode) full.deepCopy()).without(name);
      ObjectNode withNull = ((ObjectNode) full.deepCopy()).putNull(name);
      assertThat(decodes(without, type))
          .as("%s decodes without %s (required: %s)", type.getSimpleName(), name, isRequired)
          .isEqualTo(!isRequired);
      assertThat(decodes(withNull, type))
          .as("%s decodes with %s null (nullable: %s)", type.getSimpleName(), name, isNullable)
          .isEqualTo(isNullable);
    }
  }

  static Stream<Arguments> valueClasses() {
    return Stream.of(
        Arguments.of("BusinessStatus", BusinessStatus.class),
        Arguments.of("EnrichmentState", EnrichmentState.class),
        Arguments.of("JobState", JobState.class));
  }

  /** {@code x-known-values} lists exactly the constants of the value class. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("valueClasses")
  void knownValues_matchValueClass(String schemaName, Class<? extends ExtensibleEnum> type)
      throws IllegalAccessException {
    List<String> constants = new ArrayList<>();
    for (Field field : type.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == type) {
        ExtensibleEnum constant = (ExtensibleEnum) Objects.requireNonNull(field.get(null));
        assertThat(constant.isKnown()).isTrue();
        constants.add(constant.value());
      }
    }

    assertThat(knownValues(schema(schemaName))).containsExactlyInAnyOrderElementsOf(constants);
    assertThat(schema(schemaName).getEnum()).as("response enums stay open").isNull();
  }

  @Test
  void businessStatusInput_listsTheKnownStatuses() {
    assertThat(schema("BusinessStatusInput").getEnum())
        .map(String::valueOf)
        .containsExactlyInAnyOrderElementsOf(knownValues(schema("BusinessStatus")));
  }

  // ------------------------------------------------------------------ realtime events

  static Stream<String> eventTypes() {
    return eventCatalogue().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void eventSample_matchesContract(String eventType) throws Exception {
    Map<?, ?> entry = (Map<?, ?>) Objects.requireNonNull(eventCatalogue().get(eventType));
    String envelopeName = schemaName(Objects.requireNonNull(entry.get("envelope")));
    Schema<?> envelope = schema(envelopeName);
    String json = sample("events/" + eventFile(eventType));
    JsonNode event = JSON.readTree(json);

    assertThat(event.path("type").asText()).isEqualTo(eventType);
    assertThat(Objects.requireNonNull(propertiesOf(envelope).get("type")).getEnum())
        .as("%s pins its type", envelopeName)
        .map(String::valueOf)
        .containsExactly(eventType);
    assertNoErrors(SCHEMAS.validate(json, envelope, "event"), eventType + " envelope");

    Object payload = entry.get("payload");
    if (payload != null) {
      // Over SSE the data: field carries the envelope's data alone.
      assertNoErrors(
          SCHEMAS.validate(event.get("data").toString(), schema(schemaName(payload)), "event"),
          eventType + " SSE payload");
    }
  }

  @Test
  void eventCatalogue_coversEveryEventSchemaAndSample() throws IOException {
    Set<String> catalogued = new TreeSet<>(eventCatalogue().keySet());
    Set<String> envelopes = new TreeSet<>();
    for (Object entry : eventCatalogue().values()) {
      envelopes.add(schemaName(Objects.requireNonNull(((Map<?, ?>) entry).get("envelope"))));
    }
    Set<String> eventSchemas =
        API.getComponents().getSchemas().keySet().stream()
            .filter(name -> name.endsWith("Event"))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> sampleFiles;
    try (Stream<Path> files = Files.list(EVENT_SAMPLES)) {
      sampleFiles =
          files
              .map(file -> file.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(catalogued)
        .containsExactlyInAnyOrder(
            "business:created",
            "business:updated",
            "business:deleted",
            "scraping:progress",
            "scraping:complete",
            "enrichment:complete",
            "stats:updated");
    assertThat(envelopes).isEqualTo(eventSchemas);
    assertThat(sampleFiles)
        .isEqualTo(
            catalogued.stream()
                .map(OpenApiContractTest::eventFile)
                .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void scrapingProgressOver100_failsContract() throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(sample("events/scraping-progress.json"));
    ((ObjectNode) event.get("data")).put("progress", 150);

    ValidationReport report =
        SCHEMAS.validate(event.toString(), schema("ScrapingProgressEvent"), "event");

    assertThat(messageKeys(report)).contains("validation.event.schema.maximum");
  }

  @Test
  void businessCreatedWithoutData_failsContract() {
    ValidationReport report =
        SCHEMAS.validate(
            "{\"type\":\"business:created\"}", schema("BusinessCreatedEvent"), "event");

    assertThat(messageKeys(report)).contains("validation.event.schema.required");
  }

  // ------------------------------------------------------------------ helpers

  /** One endpoint call and its checks. */
  @FunctionalInterface
  private interface Exercise {
    void run() throws Exception;
  }

  /** A response enqueued on the mock server, kept to validate it against the spec. */
  private record Stub(int status, @Nullable String body, Headers headers) {}

  private Stub stub(int status, @Nullable String sampleName, String... headerPairs) {
    return stubBody(status, sampleName == null ? null : sample(sampleName), headerPairs);
  }

  private Stub stubBody(int status, @Nullable String body, String... headerPairs) {
    Headers.Builder headers = new Headers.Builder();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    if (body != null) {
      headers.add("Content-Type", JSON_TYPE);
    }
    MockResponse.Builder response =
        new MockResponse.Builder().code(status).headers(headers.build());
    if (body != null) {
      response.body(body);
    }
    server.enqueue(response.build());
    return new Stub(status, body, headers.build());
  }

  /**
   * Takes the request the client sent for {@code stub}, records its operation, and validates the
   * request and the stubbed response against the spec.
   */
  private RecordedRequest assertExchangeMatchesContract(Stub stub) throws InterruptedException {
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded).as("a request reached the server").isNotNull();
    RecordedRequest sent = Objects.requireNonNull(recorded);
    Request request = toValidatorRequest(sent);
    String operation = operationOf(request);
    exercised.add(operation);

    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(sent.getHeaders().get("User-Agent")).startsWith("freshet-java/");
    assertThat(sent.getHeaders().get("X-Request-Id")).isNotBlank();

    SimpleResponse.Builder response = new SimpleResponse.Builder(stub.status());
    for (String name : stub.headers().names()) {
      response.withHeader(name, stub.headers().values(name));
    }
    String body = stub.body();
    if (body != null) {
      response.withBody(body);
    }
    assertNoErrors(VALIDATOR.validate(request, response.build()), operation);
    return sent;
  }

  private static Request toValidatorRequest(RecordedRequest recorded) {
    HttpUrl url = recorded.getUrl();
    SimpleRequest.Builder request =
        new SimpleRequest.Builder(recorded.getMethod(), url.encodedPath());
    for (String name : url.queryParameterNames()) {
      request.withQueryParam(
          name,
          url.queryParameterValues(name).stream()
              .map(String::valueOf)
              .collect(Collectors.toList()));
    }
    for (String name : recorded.getHeaders().names()) {
      request.withHeader(name, recorded.getHeaders().values(name));
    }
    String body = bodyOf(recorded);
    if (!body.isEmpty()) {
      request.withBody(body);
    }
    return request.build();
  }

  private static String bodyOf(RecordedRequest recorded) {
    ByteString body = recorded.getBody();
    return body == null ? "" : body.string(UTF_8);
  }

  private static String operationOf(Request request) {
    ApiOperationMatch match = OPERATIONS.findApiOperation(request.getPath(), request.getMethod());
    assertThat(match.isPathFound() && match.isOperationAllowed())
        .as("%s %s is in the spec", request.getMethod(), request.getPath())
        .isTrue();
    ApiOperation operation = match.getApiOperation();
    return operation.getMethod() + " " + operation.getApiPath().original();
  }

  private static Set<String> specOperations() {
    Set<String> operations = new TreeSet<>();
    API.getPaths()
        .forEach((path, item) ->
            item.readOperationsMap()
                .keySet()
                .forEach(method -> operations.add(method + " " + path)));
    return operations;
  }

  private static ValidationReport validateBusinessResponse(String body) {
    return VALIDATOR.validateResponse(
        "/api/businesses/" + BUSINESS_ID,
        Request.Method.GET,
        SimpleResponse.Builder.ok().withContentType(JSON_TYPE).withBody(body).build());
  }

  private static void assertNoErrors(ValidationReport report, String what) {
    assertThat(report.hasErrors())
        .as(() ->
            what
                + " does not match docs/openapi.yaml:\n"
                + SimpleValidationReportFormat.getInstance().apply(report))
        .isFalse();
  }

  private static List<String> messageKeys(ValidationReport report) {
    return report.getMessages().stream()
        .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
        .map(ValidationReport.Message::getKey)
        .collect(Collectors.toList());
  }

  private static boolean decodes(JsonNode json, Class<?> type) {
    try {
      JSON.treeToValue(json, type);
      return true;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Schema<?> schema(String name) {
    Schema<?> schema = API.getComponents().getSchemas().get(name);
    assertThat(schema).as("components.schemas.%s", name).isNotNull();
    return Objects.requireNonNull(schema);
  }

  private static Map<String, Schema<?>> propertiesOf(Schema<?> schema) {
    Map<String, Schema<?>> properties = new TreeMap<>();
    var declared = schema.getProperties();
    if (declared != null) {
      for (String name : declared.keySet()) {
        Schema<?> property = declared.get(name);
        String ref = property.get$ref();
        properties.put(name, ref == null ? property : schema(schemaName(ref)));
      }
    }
    return properties;
  }

  private static List<String> knownValues(Schema<?> schema) {
    Object values =
        schema.getExtensions() == null ? null : schema.getExtensions().get("x-known-values");
    assertThat(values).as("x-known-values").isInstanceOf(List.class);
    return ((List<?>) Objects.requireNonNull(values))
        .stream().map(String::valueOf).collect(Collectors.toList());
  }

  private static Map<String, ?> eventCatalogue() {
    Object events = API.getExtensions().get("x-events");
    assertThat(events).as("x-events").isInstanceOf(Map.class);
    Object catalogue = ((Map<?, ?>) Objects.requireNonNull(events)).get("events");
    assertThat(catalogue).as("x-events.events").isInstanceOf(Map.class);
    Map<String, Object> byType = new TreeMap<>();
    ((Map<?, ?>) Objects.requireNonNull(catalogue))
        .forEach((type, entry) -> byType.put(String.valueOf(type), entry));
    return byType;
  }

  private static String schemaName(Object ref) {
    String prefix = "#/components/schemas/";
    String text = String.valueOf(ref);
    assertThat(text).startsWith(prefix);
    return text.substring(prefix.length());
  }

  private static String eventFile(String eventType) {
    return eventType.replace(':', '-') + ".json";
  }

  private static String sample(String name) {
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("No sample samples/" + name);
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OpenAPI loadSpec() {
    String content;
    try {
      content = Files.readString(SPEC, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SPEC.toAbsolutePath(), e);
    }
    // The validator's own defaults: resolve every $ref, leave allOf/oneOf as they are.
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    options.setResolveCombinators(false);
    SwaggerParseResult result = new OpenAPIParser().readContents(content, null, options);
    if (result.getMessages() != null && !result.getMessages().isEmpty()) {
      throw new IllegalStateException(SPEC + " does not parse cleanly: " + result.getMessages());
    }
    return Objects.requireNonNull(result.getOpenAPI(), "parsed spec");
  }
}
