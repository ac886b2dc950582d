package io.github.freshet.query.leads;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.RetryPolicy;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What the Lead tests share: a MockWebServer on the loopback address; an {@link ApiClient} on it
 * with a test token and no retries, over an OkHttp client of the test's own; a {@link QueryClient}
 * on {@link VirtualTime} that runs listeners on the thread that changed the data. Time is virtual;
 * HTTP is real, so every wait for an answer is bounded ({@link #WAIT}).
 */
final class LeadTestKit implements AutoCloseable {
  /** The bound of every wait for something that happens on another thread. */
  static final Duration WAIT = Duration.ofSeconds(10);

  final MockWebServer server;
  final OkHttpClient okHttp;
  final ApiClient api;
  final LeadsClient leads;
  final VirtualTime time;
  final QueryClient queryClient;

  private LeadTestKit(MockWebServer server, OkHttpClient okHttp, String token) {
    this.server = server;
    this.okHttp = okHttp;
    this.api =
        ApiClient.builder()
            .baseUrl(server.url("/").toString())
            .token(token)
            .retryPolicy(RetryPolicy.none())
            .okHttpClient(okHttp)
            .build();
    this.leads = LeadsClient.of(api);
    this.time = VirtualTime.create();
    this.queryClient =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build();
  }

  /**
   * Starts a server that answers from its queue ({@link MockWebServer#enqueue}).
   *
   * @param token the API token, {@code sk-test-…}
   * @param events listens to the OkHttp calls
   * @return the started kit; close it after the test
   */
  static LeadTestKit start(String token, EventListener events) throws IOException {
    return start(token, events, null);
  }

  /**
   * Starts a server that answers through a dispatcher.
   *
   * @param token the API token, {@code sk-test-…}
   * @param dispatcher decides the answers
   * @return the started kit; close it after the test
   */
  static LeadTestKit start(String token, Dispatcher dispatcher) throws IOException {
    return start(token, EventListener.NONE, dispatcher);
  }

  private static LeadTestKit start(
      String token, EventListener events, @Nullable Dispatcher dispatcher) throws IOException {
    MockWebServer server = new MockWebServer();
    if (dispatcher != null) {
      server.setDispatcher(dispatcher);
    }
    server.start(InetAddress.getLoopbackAddress(), 0);
    OkHttpClient okHttp = new OkHttpClient.Builder().eventListener(events).build();
    return new LeadTestKit(server, okHttp, token);
  }

  @Override
  public void close() {
    queryClient.close();
    api.close();
    server.close();
    okHttp.dispatcher().executorService().shutdownNow();
    okHttp.connectionPool().evictAll();
  }

  /**
   * Returns a JSON answer.
   *
   * @param code the status code
   * @param body the JSON body
   * @return the answer
   */
  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /**
   * Waits (bounded) for a future, which completes on an OkHttp thread.
   *
   * @param future the future
   * @return its value
   */
  static <T> T get(CompletableFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Waits (bounded) until a condition holds, looking every millisecond.
   *
   * @param what what the condition means, for the failure message
   * @param condition the condition
   */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
