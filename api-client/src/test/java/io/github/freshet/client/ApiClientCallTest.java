package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.freshet.client.testing.CapturedLogs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancellation, timeouts, body decoding, logging and lifecycle of {@link ApiClient}. */
final class ApiClientCallTest {
  private static final ApiRequest GET_BUSINESS =
      ApiRequest.builder(HttpMethod.GET, "/api/businesses/{id}").pathParam("id", "b-1").build();

  record Item(String id, String name, long version) {
    Item {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(name, "name");
    }
  }

  record Page(List<Item> items) {}

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

  @Test
  void cancel_closesTheConnection_theServerSeesIt() throws Exception {
    CompletableFuture<String> future = callThenAwaitClose(f -> assertThat(f.cancel(true)).isTrue());

    assertThat(future).isCancelled();
    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void orTimeout_isADeadlineThatClosesTheConnection() throws Exception {
    CompletableFuture<String> future =
        callThenAwaitClose(f -> f.orTimeout(50, TimeUnit.MILLISECONDS));

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TimeoutException.class);
  }

  private static CompletableFuture<String> callThenAwaitClose(
      Consumer<CompletableFuture<String>> action) throws IOException {
    return callThenAwaitClose(
        api -> api.executeAsync(GET_BUSINESS, ResponseType.of(String.class)), action);
  }

  /**
   * Starts a call against a raw loopback socket that reads the request and never answers, runs
   * {@code action} on what {@code start} returned, and returns once the server has seen the
   * connection close (bounded by a 10 s socket timeout, which fails the test).
   */
  private static <C> C callThenAwaitClose(Function<ApiClient, C> start, Consumer<C> action)
      throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ApiClient raw =
            ApiClient.builder()
                .baseUrl("http://127.0.0.1:" + listener.getLocalPort() + "/")
                .build()) {
      C call = start.apply(raw);
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        readRequestHead(in);

        action.accept(call);

        assertThat(in.read()).as("end of stream after the client gave up").isEqualTo(-1);
      }
      return call;
    }
  }

  @Test
  void interruptingABlockingCall_closesTheConnection() throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        callThenAwaitClose(
            api -> {
              Thread thread =
                  new Thread(() -> {
                    try {
                      api.execute(GET_BUSINESS, ResponseType.of(String.class));
                      outcome.complete(null);
                    } catch (RuntimeException e) {
                      outcome.complete(e);
                    }
                  });
              thread.start();
              return thread;
            },
            Thread::interrupt);

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOf(FreshetIoException.class)
        .hasMessageContaining("Interrupted");
    caller.join(10_000);
  }

  @Test
  void callTimeout_throwsTimeoutException() {
    client.close();
    client = TestServers.client(server).callTimeout(Duration.ofMillis(200)).build();
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    FreshetTimeoutException e =
        catchThrowableOfType(
            FreshetTimeoutException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(String.class)));

    assertThat(e.requestId()).isNotBlank();
    assertThat(e).isInstanceOf(FreshetIoException.class);
  }

  @Test
  void connectionRefused_throwsIoException() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (ApiClient refused =
        ApiClient.builder()
            .baseUrl("http://127.0.0.1:" + closedPort + "/")
            .retryPolicy(RetryPolicy.none())
            .build()) {
      assertThatThrownBy(() -> refused.execute(GET_BUSINESS, ResponseType.of(String.class)))
          .isInstanceOf(FreshetIoException.class)
          .isNotInstanceOf(FreshetTimeoutException.class)
          .hasMessageContaining("GET /api/businesses/{id}");
    }
  }

  @Test
  void decodesNestedJson() {
    server.enqueue(
        json("{\"items\":[{\"id\":\"b-1\",\"name\":\"Acme\",\"version\":3,\"extra\":1}]}"));

    Page page = client.execute(GET_BUSINESS, ResponseType.of(Page.class));

    assertThat(page.items()).containsExactly(new Item("b-1", "Acme", 3));
  }

  @Test
  void decodesJsonArray() {
    server.enqueue(json("[{\"id\":\"b-1\",\"name\":\"Acme\",\"version\":1}]"));

    List<Item> items = client.execute(GET_BUSINESS, ResponseType.listOf(Item.class));

    assertThat(items).containsExactly(new Item("b-1", "Acme", 1));
  }

  @Test
  void missingRequiredField_namesEndpointAndField() {
    FreshetInvalidDataException e =
        invalidData(
            json(
                "{\"items\":[{\"id\":\"b-1\",\"name\":\"A\",\"version\":1},"
                    + "{\"id\":\"b-2\",\"version\":1}]}"),
            Page.class);

    assertThat(e.endpoint()).isEqualTo("GET /api/businesses/{id}");
    assertThat(e.field()).isEqualTo("items[1].name");
    assertThat(e.getMessage())
        .contains("GET /api/businesses/{id}")
        .contains("items[1].name")
        .contains("{\"items\":[{\"id\":\"b-1\"");
    assertThat(e.requestId()).isNotBlank();
  }

  @Test
  void missingRequiredNumber_namesTheField() {
    FreshetInvalidDataException e =
        invalidData(json("{\"items\":[{\"id\":\"b-1\",\"name\":\"A\"}]}"), Page.class);

    assertThat(e.field()).isEqualTo("items[0].version");
  }

  @Test
  void wrongType_namesTheField() {
    FreshetInvalidDataException e =
        invalidData(
            json("{\"items\":[{\"id\":\"b-1\",\"name\":\"A\",\"version\":\"three\"}]}"),
            Page.class);

    assertThat(e.field()).isEqualTo("items[0].version");
  }

  @Test
  void truncatedJson_isInvalidData() {
    FreshetInvalidDataException e =
        invalidData(json("{\"items\":[{\"id\":\"b-1\",\"name\":\"Ac"), Page.class);

    assertThat(e.field()).isEqualTo("items[0].name");
    assertThat(e.getMessage()).contains("GET /api/businesses/{id}");
  }

  @Test
  void malformedJson_isInvalidData() {
    FreshetInvalidDataException e = invalidData(json("{\"items\": [ nonsense ]}"), Page.class);

    assertThat(e.field()).startsWith("items");
  }

  @Test
  void emptyBody_isInvalidData() {
    FreshetInvalidDataException e = invalidData(json(""), Page.class);

    assertThat(e.field()).isNull();
    assertThat(e.getMessage()).contains("empty body");
  }

  @Test
  void invalidDataExcerpt_neverContainsAToken() {
    String token = TestServers.SECRET_PREFIX + "token";
    server.enqueue(
        json(
            "{\"echo\":\"Bearer "
                + token
                + "\",\"accessToken\":\"abc123\",\"note\":\""
                + token
                + "\",\"jwt\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\"}"));

    FreshetInvalidDataException e =
        catchThrowableOfType(
            FreshetInvalidDataException.class,
            () -> client.execute(GET_BUSINESS, ResponseType.of(Item.class)));

    assertThat(e.excerpt())
        .doesNotContain(TestServers.SECRET_PREFIX)
        .doesNotContain("abc123")
        .doesNotContain("eyJhbGciOiJIUzI1NiJ9")
        .contains("[redacted]");
    assertThat(e.getMessage()).doesNotContain(TestServers.SECRET_PREFIX);
  }

  @Test
  void invalidDataReason_neverQuotesTheToken() {
    String token = TestServers.SECRET_PREFIX + "token";

    FreshetInvalidDataException e =
        invalidData(
            json("{\"id\":\"b-1\",\"name\":\"A\",\"version\":\"" + token + "\"}"), Item.class);

    assertThat(e.field()).isEqualTo("version");
    assertThat(e.getMessage()).doesNotContain(token).contains("[redacted]");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void failureWhileStartingAnAttempt_failsTheFuture() {
    OkHttpClient throwing =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void callStart(okhttp3.Call call) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build();
    try (ApiClient broken =
        ApiClient.builder().baseUrl(server.url("/").toString()).okHttpClient(throwing).build()) {
      CompletableFuture<String> future =
          broken.executeAsync(GET_BUSINESS, ResponseType.of(String.class));

      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
          .hasRootCauseMessage("listener bug");
    }
  }

  @Test
  void bodyOverTheLimit_isInvalidData() {
    client.close();
    client = TestServers.client(server).maxResponseBytes(64).build();
    server.enqueue(json("{\"id\":\"" + "x".repeat(100) + "\",\"name\":\"A\",\"version\":1}"));

    assertThatThrownBy(() -> client.execute(GET_BUSINESS, ResponseType.of(Item.class)))
        .isInstanceOf(FreshetInvalidDataException.class)
        .hasMessageContaining("exceeds the client's limit of 64 bytes");
  }

  @Test
  void chunkedBodyOverTheLimit_isInvalidData() {
    client.close();
    client = TestServers.client(server).maxResponseBytes(64).build();
    server.enqueue(
        new MockResponse.Builder()
            .chunkedBody("{\"id\":\"" + "x".repeat(100) + "\",\"name\":\"A\",\"version\":1}", 16)
            .build());

    assertThatThrownBy(() -> client.execute(GET_BUSINESS, ResponseType.of(Item.class)))
        .isInstanceOf(FreshetInvalidDataException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void noneResponse_ignoresTheBody() {
    server.enqueue(new MockResponse.Builder().code(204).build());

    assertThat(client.execute(GET_BUSINESS, ResponseType.none())).isNull();
  }

  @Test
  void pathParametersAreEncodedAsOneSegment() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    ApiRequest request =
        ApiRequest.builder(HttpMethod.DELETE, "/api/businesses/{id}")
            .pathParam("id", "a/b c?d")
            .build();

    client.execute(request, ResponseType.none());

    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/api/businesses/a%2Fb%20c%3Fd");
  }

  @Test
  void oneDebugLinePerAttempt_withoutTheToken() {
    client.close();
    client =
        TestServers.client(server)
            .retryPolicy(RetryPolicy.builder().maxAttempts(2).build())
            .retryScheduler(RecordingScheduler.immediate())
            .build();
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(json("\"ok\""));
    int before = CapturedLogs.size();
    ApiRequest request =
        ApiRequest.builder(HttpMethod.GET, "/api/businesses")
            .query("city", "Austin")
            .query("access_token", TestServers.SECRET_PREFIX + "in-query")
            .build();

    client.execute(request, ResponseType.of(String.class));

    List<String> lines =
        CapturedLogs.since(before).stream()
            .filter(line -> line.contains("io.github.freshet.client.ApiClient"))
            .toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("DEBUG")
        .contains("GET /api/businesses?city=Austin&access_token=[redacted] -> 503 in ")
        .contains("(attempt 1, request id ");
    assertThat(lines.get(1)).contains("-> 200 in ").contains("(attempt 2, request id ");
  }

  @Test
  void injectedObjectMapper_decodesAndEncodes() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper snakeCase =
        ApiClient.defaultObjectMapper()
            .copy()
            .setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    record Renamed(String displayName) {}
    try (ApiClient custom = TestServers.client(server).objectMapper(snakeCase).build()) {
      server.enqueue(json("{\"display_name\":\"Acme\"}"));
      ApiRequest post = ApiRequest.builder(HttpMethod.POST, "/x").body(new Renamed("Sent")).build();

      assertThat(custom.execute(post, ResponseType.of(Renamed.class)))
          .isEqualTo(new Renamed("Acme"));
      assertThat(custom.objectMapper()).isSameAs(snakeCase);
      assertThat(
              java.util.Objects.requireNonNull(server.takeRequest().getBody())
                  .string(java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("{\"display_name\":\"Sent\"}");
    }
  }

  @Test
  void close_isIdempotent_andRejectsNewCalls() {
    client.close();
    client.close();

    assertThatThrownBy(() -> client.executeAsync(GET_BUSINESS, ResponseType.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void close_leavesAnInjectedOkHttpClientOpen() {
    OkHttpClient shared = new OkHttpClient();
    try (ApiClient sharing =
        ApiClient.builder().baseUrl(server.url("/").toString()).okHttpClient(shared).build()) {
      server.enqueue(json("\"ok\""));
      sharing.execute(GET_BUSINESS, ResponseType.of(String.class));
    }

    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
  }

  @Test
  void close_stopsTheRetrySchedulerItCreated() throws Exception {
    ApiClient own =
        TestServers.client(server)
            .retryPolicy(
                RetryPolicy.builder()
                    .initialDelay(Duration.ofMillis(1))
                    .maxDelay(Duration.ofMillis(1))
                    .build())
            .build();
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(json("\"ok\""));
    own.execute(GET_BUSINESS, ResponseType.of(String.class)); // Retried on "freshet-retry".
    List<Thread> retryThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("freshet-retry"))
            .toList();
    assertThat(retryThreads).isNotEmpty();

    own.close();

    for (Thread thread : retryThreads) {
      thread.join(10_000);
      assertThat(thread.isAlive()).as("%s after close", thread).isFalse();
    }
  }

  private FreshetInvalidDataException invalidData(MockResponse response, Class<?> type) {
    server.enqueue(response);
    return catchThrowableOfType(
        FreshetInvalidDataException.class,
        () -> client.execute(GET_BUSINESS, ResponseType.of(type)));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static void readRequestHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("Connection closed before the request head ended: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString().getBytes(StandardCharsets.ISO_8859_1)).isNotEmpty();
  }
}
