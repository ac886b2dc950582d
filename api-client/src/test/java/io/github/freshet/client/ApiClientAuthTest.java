package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ApiClientAuthTest {
  private static final ApiRequest GET = ApiRequest.builder(HttpMethod.GET, "/api/health").build();
  private static final ResponseType<String> TEXT = ResponseType.of(String.class);
  private static final String OLD = TestServers.SECRET_PREFIX + "old";
  private static final String NEW = TestServers.SECRET_PREFIX + "new";

  private MockWebServer server;
  private final AtomicReference<String> token = new AtomicReference<>(OLD);
  private final AtomicInteger refreshes = new AtomicInteger();
  private ApiClient client;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    client =
        ApiClient.builder()
            .baseUrl(server.url("/").toString())
            .tokenSupplier(token::get)
            .tokenRefresher(() -> {
              refreshes.incrementAndGet();
              token.set(NEW);
            })
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void token_isSentAsBearer_withUserAgentAndRequestId() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + OLD);
    assertThat(request.getHeaders().get("User-Agent")).startsWith("freshet-java/");
    assertThat(request.getHeaders().get("X-Request-Id")).isNotBlank();
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void tokenSupplier_isAskedPerRequest() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);
    token.set(NEW);
    client.execute(GET, TEXT);

    assertThat(server.takeRequest().getHeaders().get("Authorization")).endsWith(OLD);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).endsWith(NEW);
  }

  @Test
  void unauthorized_refreshesOnce_thenSucceeds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    assertThat(client.execute(GET, TEXT)).isEqualTo("ok");

    assertThat(refreshes).hasValue(1);
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + OLD);
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer " + NEW);
    assertThat(second.getHeaders().get("X-Request-Id"))
        .isEqualTo(first.getHeaders().get("X-Request-Id"));
  }

  @Test
  void secondUnauthorized_surfacesAsUnauthorizedException() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body("{\"error\":{\"code\":\"invalid_token\",\"message\":\"Token expired\"}}")
            .build());

    assertThatThrownBy(() -> client.execute(GET, TEXT))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> assertThat(e.error().code()).isEqualTo("invalid_token"));
    assertThat(refreshes).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void concurrent401s_shareOneRefresh() throws Exception {
    List<CompletableFuture<String>> futures =
        concurrentCallsAllRejectedOnce(
            5,
            allRejected ->
                () -> {
                  refreshes.incrementAndGet();
                  awaitQuietly(allRejected); // Every call has its 401 before the token changes.
                  token.set(NEW);
                });

    for (CompletableFuture<String> future : futures) {
      assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    }
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void concurrent401s_withAFailingRefresh_tryItOnce() throws Exception {
    List<CompletableFuture<String>> futures =
        concurrentCallsAllRejectedOnce(
            4,
            allRejected ->
                () -> {
                  refreshes.incrementAndGet();
                  awaitQuietly(allRejected);
                  throw new IllegalStateException("identity provider down");
                });

    for (CompletableFuture<String> future : futures) {
      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(UnauthorizedException.class);
    }
    assertThat(refreshes).hasValue(1);
  }

  /**
   * Starts {@code calls} concurrent calls against a server that rejects the old token, with a
   * refresher made from a latch that opens once every call was rejected.
   */
  private List<CompletableFuture<String>> concurrentCallsAllRejectedOnce(
      int calls, Function<CountDownLatch, TokenRefresher> refresher) {
    CountDownLatch allRejected = new CountDownLatch(calls);
    server.setDispatcher(rejectOldToken(allRejected));
    client.close();
    client =
        ApiClient.builder()
            .baseUrl(server.url("/").toString())
            .tokenSupplier(token::get)
            .tokenRefresher(refresher.apply(allRejected))
            .retryPolicy(RetryPolicy.none())
            .build();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      futures.add(client.executeAsync(GET, TEXT));
    }
    return futures;
  }

  /** Answers 401 to the old token (counting down), 200 to any other. */
  private Dispatcher rejectOldToken(CountDownLatch rejected) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (("Bearer " + OLD).equals(request.getHeaders().get("Authorization"))) {
          rejected.countDown();
          return new MockResponse.Builder().code(401).build();
        }
        return new MockResponse.Builder().code(200).body("\"ok\"").build();
      }
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Not every call was rejected within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void failingRefresh_surfacesTheFirst401() {
    client.close();
    client =
        TestServers.client(server)
            .tokenRefresher(() -> {
              throw new IllegalStateException("identity provider down");
            })
            .build();
    server.enqueue(new MockResponse.Builder().code(401).build());

    assertThatThrownBy(() -> client.execute(GET, TEXT)).isInstanceOf(UnauthorizedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRefreshThatFailedOnce_isTriedAgain_byALaterRequest() throws Exception {
    client.close();
    AtomicInteger attempts = new AtomicInteger();
    client =
        TestServers.client(server)
            .tokenSupplier(token::get)
            .tokenRefresher(() -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("identity provider down, briefly");
              }
              token.set(NEW);
            })
            .build();
    server.enqueue(new MockResponse.Builder().code(401).build());
    assertThatThrownBy(() -> client.execute(GET, TEXT)).isInstanceOf(UnauthorizedException.class);

    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().body("\"ok\"").build());

    assertThat(client.execute(GET, TEXT)).isEqualTo("ok");
    assertThat(attempts).as("the provider is back: the later request refreshes").hasValue(2);
  }

  @Test
  void withoutRefresher_401SurfacesAtOnce() {
    client.close();
    client = TestServers.client(server).build();
    server.enqueue(new MockResponse.Builder().code(401).build());

    assertThatThrownBy(() -> client.execute(GET, TEXT)).isInstanceOf(UnauthorizedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void noToken_sendsNoAuthorization() throws Exception {
    client.close();
    client = ApiClient.builder().baseUrl(server.url("/").toString()).build();
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void userInterceptors_runAndNeverSeeTheToken() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>("unset");
    Interceptor spy =
        chain -> {
          seen.set(String.valueOf(chain.request().header("Authorization")));
          return chain.proceed(chain.request().newBuilder().header("X-Tenant", "acme").build());
        };
    client.close();
    client = TestServers.client(server).addInterceptor(spy).userAgent("leads-cli/2").build();
    server.enqueue(new MockResponse.Builder().code(200).body("\"ok\"").build());

    client.execute(GET, TEXT);

    RecordedRequest request = server.takeRequest();
    assertThat(seen).hasValue("null");
    assertThat(request.getHeaders().get("X-Tenant")).isEqualTo("acme");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("leads-cli/2");
    assertThat(request.getHeaders().get("Authorization")).startsWith("Bearer ");
  }
}
