package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ApiClientRetryTest {
  private static final ApiRequest GET = ApiRequest.builder(HttpMethod.GET, "/api/health").build();
  private static final ResponseType<String> TEXT = ResponseType.of(String.class);
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private MockWebServer server;
  private RecordingScheduler scheduler;
  private ApiClient client;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    scheduler = RecordingScheduler.immediate();
    client = clientWith(scheduler);
  }

  private ApiClient clientWith(RecordingScheduler scheduler) {
    return TestServers.client(server)
        .retryPolicy(RetryPolicy.builder().maxAttempts(4).build())
        .retryScheduler(scheduler)
        .random(new FixedRandom(0.0))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void serviceUnavailableTwice_thenSuccess_onAttempt3WithGrowingDelays() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    assertThat(client.execute(GET, TEXT)).isEqualTo("ok");

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    RecordedRequest third = server.takeRequest();
    String requestId = first.getHeaders().get("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(second.getHeaders().get("X-Request-Id")).isEqualTo(requestId);
    assertThat(third.getHeaders().get("X-Request-Id")).isEqualTo(requestId);
  }

  @Test
  void jitter_shortensDelaysWithinTheFraction() {
    client.close();
    client =
        TestServers.client(server)
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).jitter(0.5).build())
            .retryScheduler(scheduler)
            .random(new FixedRandom(0.5))
            .build();
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);

    // 500 ms and 1000 ms, each shortened by 0.5 * 0.5 = 25 %.
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(375), Duration.ofMillis(750));
  }

  @Test
  void exhaustedRetries_surfaceTheLastError() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(500 + i).build());
    }

    assertThatThrownBy(() -> client.execute(GET, TEXT))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(scheduler.delays())
        .containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void tooManyRequests_waitsRetryAfterSeconds() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    assertThat(client.execute(GET, TEXT)).isEqualTo("ok");

    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retryAfterHttpDate_isMeasuredAgainstTheClock() {
    String in30s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", in30s).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);

    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterAboveTheCap_isClamped() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);

    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void requestTimeout408_isRetried() {
    server.enqueue(new MockResponse.Builder().code(408).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    assertThat(client.execute(GET, TEXT)).isEqualTo("ok");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void ioError_isRetried() {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    assertThat(client.execute(GET, TEXT)).isEqualTo("ok");
    assertThat(scheduler.delays()).hasSize(1);
  }

  @Test
  void clientErrors_areNotRetried() {
    server.enqueue(new MockResponse.Builder().code(400).build());

    assertThatThrownBy(() -> client.execute(GET, TEXT)).isInstanceOf(BadRequestException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void postWithoutIdempotencyKey_isNotRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    ApiRequest post = ApiRequest.builder(HttpMethod.POST, "/api/scraper/scrape").body("{}").build();

    assertThatThrownBy(() -> client.execute(post, TEXT))
        .isInstanceOf(InternalServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isNull();
  }

  @Test
  void postWithGeneratedIdempotencyKey_isRetriedWithTheSameKey() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());
    ApiRequest post =
        ApiRequest.builder(HttpMethod.POST, "/api/scraper/scrape")
            .body("{}")
            .idempotencyKey()
            .build();

    assertThat(client.execute(post, TEXT)).isEqualTo("ok");

    String key = server.takeRequest().getHeaders().get("Idempotency-Key");
    assertThat(key).isNotBlank();
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(key);
  }

  @Test
  void twoCallsOfOneRequest_getDifferentKeysAndIds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("\"a\"").build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"b\"").build());
    ApiRequest post =
        ApiRequest.builder(HttpMethod.PATCH, "/api/businesses/{id}")
            .pathParam("id", "b-1")
            .body("{}")
            .idempotencyKey()
            .build();

    client.execute(post, TEXT);
    client.execute(post, TEXT);

    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getHeaders().get("Idempotency-Key"))
        .isNotEqualTo(second.getHeaders().get("Idempotency-Key"));
    assertThat(first.getHeaders().get("X-Request-Id"))
        .isNotEqualTo(second.getHeaders().get("X-Request-Id"));
  }

  @Test
  void explicitIdempotencyKey_isSentAndMakesPostRetryable() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());
    ApiRequest post =
        ApiRequest.builder(HttpMethod.POST, "/api/jobs/{id}/retry")
            .pathParam("id", "j-1")
            .idempotencyKey("key-42")
            .build();

    client.execute(post, TEXT);

    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("key-42");
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("key-42");
  }

  @Test
  void cancelDuringBackoff_makesNoFurtherRequest() throws Exception {
    client.close();
    RecordingScheduler manual = RecordingScheduler.manual();
    client = clientWith(manual);
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"late\"").build());

    CompletableFuture<String> future = client.executeAsync(GET, TEXT);
    Runnable retry = manual.awaitScheduled(); // The 503 arrived; the retry waits in backoff.
    assertThat(future.cancel(true)).isTrue();
    retry.run(); // The backoff ends after the cancel.

    assertThat(future).isCancelled();
    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(server.takeRequest(0, TimeUnit.SECONDS)).isNotNull();
    assertThat(server.takeRequest(100, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void closeDuringBackoff_failsTheCall_andMakesNoFurtherRequest() throws Exception {
    client.close();
    RecordingScheduler manual = RecordingScheduler.manual();
    client = clientWith(manual);
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"late\"").build());

    CompletableFuture<String> future = client.executeAsync(GET, TEXT);
    Runnable retry = manual.awaitScheduled();
    client.close();
    retry.run(); // The injected scheduler still runs the retry: it must not send anything.

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(FreshetIoException.class)
        .hasMessageContaining("ApiClient closed before GET /api/health completed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void closeDuringALongRetryAfter_wakesABlockedCaller() throws Exception {
    client.close();
    client =
        TestServers.client(server)
            .retryPolicy(RetryPolicy.builder().maxAttempts(2).build())
            .build();
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "60").build());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(() -> {
          try {
            client.execute(GET, TEXT);
            outcome.complete(null);
          } catch (RuntimeException e) {
            outcome.complete(e);
          }
        });
    caller.start();
    server.takeRequest(10, TimeUnit.SECONDS); // The first attempt was answered; 60 s backoff.

    client.close();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOf(FreshetIoException.class)
        .hasMessageContaining("closed");
    caller.join(10_000);
  }

  @Test
  void noRetryPolicy_makesOneAttempt() {
    client.close();
    client = TestServers.client(server).retryScheduler(scheduler).build();
    server.enqueue(new MockResponse.Builder().code(503).build());

    assertThatThrownBy(() -> client.execute(GET, TEXT)).isInstanceOf(InternalServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** A random source whose doubles are fixed. */
  private static final class FixedRandom implements RandomGenerator {
    private final double value;

    FixedRandom(double value) {
      this.value = value;
    }

    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public double nextDouble() {
      return value;
    }
  }
}
