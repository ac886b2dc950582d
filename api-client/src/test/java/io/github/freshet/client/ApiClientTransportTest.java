package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens below the retry policy: OkHttp's own repeats, the OkHttpClient a user injects, a
 * token supplier that fails, statuses outside HTTP's range. Every attempt must be one the {@link
 * RetryPolicy} decided on.
 */
final class ApiClientTransportTest {
  private static final ApiRequest GET = ApiRequest.builder(HttpMethod.GET, "/api/health").build();
  private static final ApiRequest POST =
      ApiRequest.builder(HttpMethod.POST, "/api/scraper/scrape").body("{}").build();
  private static final ResponseType<String> TEXT = ResponseType.of(String.class);

  private MockWebServer server;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void a408_isNotRepeatedBehindTheRetryPolicy() {
    server.enqueue(new MockResponse.Builder().code(408).build());
    server.enqueue(new MockResponse.Builder().body("\"repeated\"").build());

    try (ApiClient client = TestServers.client(server).build()) { // RetryPolicy.none()
      assertThatThrownBy(() -> client.execute(GET, TEXT))
          .isInstanceOf(FreshetServiceException.class);
    }
    assertThat(server.getRequestCount()).as("OkHttp repeats a 408 by itself").isOne();
  }

  @Test
  void aPostWithoutAKey_isNeverResentByOkHttp_onceItWasSent() {
    // A first call leaves a pooled connection; the server reads the POST, then drops the socket
    // without answering: it may have acted, so nobody may send it again.
    server.enqueue(new MockResponse.Builder().body("\"warm\"").build());
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().body("\"applied twice\"").build());

    try (ApiClient client = TestServers.client(server).build()) { // RetryPolicy.none()
      client.execute(GET, TEXT);
      assertThatThrownBy(() -> client.execute(POST, TEXT)).isInstanceOf(FreshetIoException.class);
    }
    assertThat(server.getRequestCount()).as("the warm-up and the POST, once").isEqualTo(2);
  }

  @Test
  void aGetOnAConnectionTheServerClosed_isRecovered_withoutASecondAttemptOfThePolicy() {
    server.enqueue(
        new MockResponse.Builder()
            .body("\"warm\"")
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(new MockResponse.Builder().body("\"fresh\"").build());

    try (ApiClient client = TestServers.client(server).build()) { // RetryPolicy.none()
      client.execute(GET, TEXT);
      assertThat(client.execute(GET, TEXT))
          .as("a stale pooled connection is OkHttp's to recover, for a safe request")
          .isEqualTo("fresh");
    }
  }

  @Test
  void a503WithRetryAfterZero_isNotRepeated_evenForAPostWithoutAKey() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
    server.enqueue(new MockResponse.Builder().body("\"applied twice\"").build());

    try (ApiClient client =
        TestServers.client(server).retryPolicy(RetryPolicy.ofDefaults()).build()) {
      assertThatThrownBy(() -> client.execute(POST, TEXT))
          .isInstanceOf(InternalServerException.class)
          .satisfies(e ->
              assertThat(((FreshetServiceException) e).response().retryAfter())
                  .as("the header still reaches the caller")
                  .isEqualTo(Duration.ZERO));
    }
    assertThat(server.getRequestCount()).isOne();
  }

  @Test
  void aRetryAfterTooLargeForOkHttp_isAServiceError_notAnIoError() {
    server.enqueue(
        new MockResponse.Builder().code(503).addHeader("Retry-After", "99999999999").build());

    try (ApiClient client = TestServers.client(server).build()) {
      assertThatThrownBy(() -> client.execute(GET, TEXT))
          .isInstanceOf(InternalServerException.class);
    }
  }

  @Test
  void anInjectedClientKeepsItsTimeouts_unlessTheBuilderSetsThem() throws Exception {
    OkHttpClient shared =
        new OkHttpClient.Builder().readTimeout(100, TimeUnit.MILLISECONDS).build();
    server.enqueue(
        new MockResponse.Builder()
            .body("\"late\"")
            .headersDelay(1, TimeUnit.SECONDS) // Past the shared client's 100 ms, within 30 s.
            .build());
    try (ApiClient client = TestServers.client(server).okHttpClient(shared).build()) {
      assertThatThrownBy(() -> client.execute(GET, TEXT))
          .isInstanceOf(FreshetTimeoutException.class);
    } finally {
      shared.dispatcher().executorService().shutdown();
      shared.connectionPool().evictAll();
    }
  }

  @Test
  void aTokenSupplierThatThrows_failsTheCall_withoutRetryingIt() {
    try (ApiClient client =
        TestServers.client(server)
            .retryPolicy(RetryPolicy.ofDefaults())
            .tokenSupplier(() -> {
              throw new IllegalStateException("vault timed out: secret-detail");
            })
            .build()) {
      assertThatThrownBy(() -> client.execute(GET, TEXT))
          .isInstanceOf(TokenUnavailableException.class)
          .hasMessageContaining("IllegalStateException")
          .hasMessageNotContaining("secret-detail");
    }
    assertThat(server.getRequestCount()).as("nothing was sent without a token").isZero();
  }

  @Test
  void aStatusOutsideHttpsRange_isAnUnexpectedStatus() {
    server.enqueue(new MockResponse.Builder().code(999).build());

    try (ApiClient client = TestServers.client(server).build()) {
      assertThatThrownBy(() -> client.execute(GET, TEXT))
          .isInstanceOf(UnexpectedStatusException.class);
    }
  }
}
