package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class ApiClientErrorsTest {
  private static final ApiRequest GET_BUSINESS =
      ApiRequest.builder(HttpMethod.GET, "/api/businesses/{id}").pathParam("id", "b-1").build();

  private MockWebServer server;
  private ApiClient client;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    client = TestServers.client(server).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, BadRequestException.class),
        Arguments.of(401, UnauthorizedException.class),
        Arguments.of(403, PermissionDeniedException.class),
        Arguments.of(404, NotFoundException.class),
        Arguments.of(409, ConflictException.class),
        Arguments.of(422, UnprocessableEntityException.class),
        Arguments.of(429, RateLimitException.class),
        Arguments.of(500, InternalServerException.class),
        Arguments.of(502, InternalServerException.class),
        Arguments.of(503, InternalServerException.class),
        Arguments.of(599, InternalServerException.class),
        Arguments.of(405, UnexpectedStatusException.class),
        Arguments.of(418, UnexpectedStatusException.class));
  }

  @Test
  void aLargeErrorBody_stillGivesItsCodeAndMessage_andKeepsOnlyAnExcerptAsRawText() {
    String details = "x".repeat(20_000);
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"details\":\""
                    + details
                    + "\",\"error\":{\"code\":\"too_long\",\"message\":\"Name too long\"}}")
            .build());

    assertThatThrownBy(() -> client.execute(GET_BUSINESS, ResponseType.none()))
        .isInstanceOfSatisfying(
            UnprocessableEntityException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo("too_long");
              assertThat(e.error().message()).isEqualTo("Name too long");
              assertThat(e.error().rawBody().length()).isLessThanOrEqualTo(8 * 1024);
            });
  }

  @Test
  void errorResponse_toString_hidesCookiesAndAuthHeaders() {
    ErrorResponse response =
        new ErrorResponse(
            500,
            Map.of(
                "Set-Cookie", List.of("session=s3cr3t"),
                "www-authenticate", List.of("Bearer realm=x"),
                "X-Trace", List.of("t-1")),
            new ApiError("boom", "Boom", "{}"),
            "GET /api/health",
            "req-1",
            null);

    assertThat(response.toString())
        .doesNotContain("s3cr3t")
        .doesNotContain("realm=x")
        .contains("t-1")
        .contains("statusCode=500");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("statuses")
  void status_mapsToItsException(int status, Class<? extends FreshetServiceException> type) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-Trace", "t-1")
            .body("{\"error\":{\"code\":\"some_code\",\"message\":\"Something is wrong\"}}")
            .build());

    FreshetServiceException e =
        catchThrowableOfType(
            type, () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.error().code()).isEqualTo("some_code");
    assertThat(e.error().message()).isEqualTo("Something is wrong");
    assertThat(e.headers()).containsKey("x-trace");
    assertThat(e.response().header("X-TRACE")).isEqualTo("t-1");
    assertThat(e.response().endpoint()).isEqualTo("GET /api/businesses/{id}");
    assertThat(e.requestId()).isNotBlank();
    assertThat(e.getMessage())
        .startsWith(status + " from GET /api/businesses/{id}: some_code: Something is wrong")
        .contains(e.requestId());
  }

  @Test
  void requestIdInException_isTheOneSent() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("").build());

    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class, () -> client.execute(GET_BUSINESS, ResponseType.none()));

    assertThat(server.takeRequest().getHeaders().get("X-Request-Id")).isEqualTo(e.requestId());
  }

  @Test
  void explicitRequestId_isSentAndReported() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    ApiRequest request =
        ApiRequest.builder(HttpMethod.GET, "/api/health").header("X-Request-Id", "trace-7").build();

    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class, () -> client.execute(request, ResponseType.none()));

    assertThat(e.requestId()).isEqualTo("trace-7");
    assertThat(server.takeRequest().getHeaders().get("X-Request-Id")).isEqualTo("trace-7");
  }

  @Test
  void errorBodyEchoingTheToken_isRedacted() {
    String token = TestServers.SECRET_PREFIX + "token";
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body(
                "{\"error\":{\"code\":\"invalid_token\",\"message\":\"Token "
                    + token
                    + " expired\"}}")
            .build());

    UnauthorizedException e =
        catchThrowableOfType(
            UnauthorizedException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.getMessage()).doesNotContain(token).contains("Token [redacted] expired");
    assertThat(e.error().rawBody()).doesNotContain(token);
  }

  @Test
  void htmlErrorPage_keepsRawText() {
    String html = "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>";
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .addHeader("Content-Type", "text/html")
            .body(html)
            .build());

    InternalServerException e =
        catchThrowableOfType(
            InternalServerException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.error().isStructured()).isFalse();
    assertThat(e.error().code()).isNull();
    assertThat(e.error().rawBody()).isEqualTo(html);
    assertThat(e.getMessage()).contains("<h1>502 Bad Gateway</h1>");
  }

  @Test
  void emptyErrorBody_hasEmptyRawText() {
    server.enqueue(new MockResponse.Builder().code(500).build());

    InternalServerException e =
        catchThrowableOfType(
            InternalServerException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.error().rawBody()).isEmpty();
    assertThat(e.error().isStructured()).isFalse();
    assertThat(e.getMessage()).startsWith("500 from GET /api/businesses/{id} (request id ");
  }

  @Test
  void jsonErrorOfAnotherShape_keepsRawText() {
    server.enqueue(new MockResponse.Builder().code(400).body("{\"detail\":\"nope\"}").build());

    BadRequestException e =
        catchThrowableOfType(
            BadRequestException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.error().isStructured()).isFalse();
    assertThat(e.error().rawBody()).isEqualTo("{\"detail\":\"nope\"}");
  }

  @Test
  void errorAsString_isTheMessage() {
    server.enqueue(new MockResponse.Builder().code(409).body("{\"error\":\"taken\"}").build());

    ConflictException e =
        catchThrowableOfType(
            ConflictException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.error().message()).isEqualTo("taken");
  }

  @Test
  void rateLimit_carriesRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());

    RateLimitException e =
        catchThrowableOfType(
            RateLimitException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void rateLimit_withoutRetryAfter_isEmpty() {
    server.enqueue(new MockResponse.Builder().code(429).build());

    RateLimitException e =
        catchThrowableOfType(
            RateLimitException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void asyncFailure_carriesTheSameException() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());

    Throwable failure =
        client
            .executeAsync(GET_BUSINESS, ResponseType.of(String.class))
            .handle((value, error) -> error)
            .get(10, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(NotFoundException.class);
  }
}
