package io.github.freshet.realtime;

import static io.github.freshet.realtime.Fixtures.await;
import static io.github.freshet.realtime.Fixtures.business;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.leads.Business;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QueryOptions;
import io.github.freshet.query.VirtualTime;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.realtime.leads.LeadEventHandlers;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge over a real WebSocket on 127.0.0.1; timers on virtual time. */
final class RealtimeBridgeTest {

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client =
      QueryClient.builder()
          .clock(time.clock())
          .scheduler(time.scheduler())
          .callbackExecutor(Runnable::run)
          .build();
  private final OkHttpClient http = new OkHttpClient();
  private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
  private final AtomicInteger refreshes = new AtomicInteger();
  private MockWebServer server;
  private RealtimeBridge bridge;

  @BeforeEach
  void setUp() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    bridge = newBridge();
  }

  @AfterEach
  void tearDown() {
    bridge.close();
    client.close();
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private RealtimeBridge newBridge() {
    Transport transport =
        Transports.webSocket(
            http,
            server.url("/api/events").toString(),
            () -> "sk-test-realtime",
            ApiClient.defaultObjectMapper(),
            Duration.ofSeconds(15));
    RealtimeBridge bridge =
        RealtimeBridge.builder(client, transport)
            .scheduler(time.scheduler())
            .clock(time.clock())
            .random(new java.util.SplittableRandom(7))
            .reconnectPolicy(ReconnectPolicy.builder().jitter(0).build())
            .resyncWindow(Duration.ZERO)
            .tokenRefresher(refreshes::incrementAndGet)
            .build();
    bridge.onStateChange(states::add);
    LeadEventHandlers.register(bridge, client, ApiClient.defaultObjectMapper(), time.clock());
    return bridge;
  }

  /** A server side of one WebSocket connection that sends frames, then optionally closes. */
  private static MockResponse socket(int closeCode, String... frames) {
    return new MockResponse.Builder()
        .webSocketUpgrade(
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket webSocket, Response response) {
                for (String frame : frames) {
                  webSocket.send(frame);
                }
                if (closeCode > 0) {
                  webSocket.close(closeCode, "bye");
                }
              }
            })
        .build();
  }

  private static String updated(String name, long version) {
    return "{\"type\":\"business:updated\",\"data\":{\"id\":\"b_1\",\"name\":\""
        + name
        + "\",\"status\":\"new\",\"enrichment\":\"none\",\"version\":"
        + version
        + ",\"createdAt\":\"2026-11-01T00:00:00Z\",\"updatedAt\":\"2026-11-01T00:00:0"
        + Math.min(version, 9)
        + "Z\"}}";
  }

  private String detailName() {
    return Objects.requireNonNull(client.getQueryData(LeadKeys.detail("b_1"))).name();
  }

  @Test
  void events_areAppliedToTheCache_withTheToken() throws Exception {
    client.setQueryData(LeadKeys.detail("b_1"), business("Old", 1));
    server.enqueue(socket(0, updated("New", 2)));

    bridge.start();

    await("the event", () -> bridge.counters().applied() == 1);
    assertThat(detailName()).isEqualTo("New");
    assertThat(bridge.state()).isInstanceOf(ConnectionState.Open.class);
    assertThat(bridge.counters().applied()).isOne();
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(Objects.requireNonNull(request).getHeaders().get("Authorization"))
        .isEqualTo("Bearer sk-test-realtime");
  }

  @Test
  void serverClose_reconnectsAfterTheBackoff_andResyncsActiveQueries() {
    AtomicInteger fetches = new AtomicInteger();
    QueryKey<String> active = QueryKey.of("active");
    client
        .observer(
            QueryOptions.<String>builder(
                    active,
                    ctx -> {
                      fetches.incrementAndGet();
                      return CompletableFuture.completedFuture("data");
                    })
                .staleTime(Duration.ofHours(1))
                .build())
        .subscribe(result -> {});
    server.enqueue(socket(1000));
    server.enqueue(socket(0));

    bridge.start();
    await("reconnecting", () -> bridge.state() instanceof ConnectionState.Reconnecting);
    assertThat(bridge.state())
        .isEqualTo(
            new ConnectionState.Reconnecting(
                1, Duration.ofSeconds(1), "Server closed with code 1000"));
    time.advance(Duration.ofSeconds(1));
    await(
        "open again",
        () -> bridge.state() instanceof ConnectionState.Open && server.getRequestCount() == 2);
    assertThat(bridge.counters().resyncs()).as("counted by the time the state says open").isOne();
    int before = fetches.get();
    await(
        "the resync",
        () -> {
          time.runDue();
          return fetches.get() > before;
        });

    assertThat(fetches.get()).isEqualTo(before + 1);
    assertThat(bridge.counters().reconnects()).isOne();
  }

  @Test
  void abruptSocketLoss_reconnects() {
    server.enqueue(
        new MockResponse.Builder()
            .webSocketUpgrade(
                new WebSocketListener() {
                  @Override
                  public void onOpen(WebSocket webSocket, Response response) {
                    webSocket.cancel(); // No close frame: the socket just goes.
                  }
                })
            .build());
    server.enqueue(socket(0));

    bridge.start();
    await("reconnecting", () -> bridge.state() instanceof ConnectionState.Reconnecting);
    time.advance(Duration.ofSeconds(1));

    await(
        "open again",
        () -> bridge.state() instanceof ConnectionState.Open && server.getRequestCount() == 2);
  }

  @Test
  void aRefusedUpgrade_isRetried_andTheStateSaysWhy() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(socket(0));

    bridge.start();
    await("reconnecting", () -> bridge.state() instanceof ConnectionState.Reconnecting);

    assertThat(((ConnectionState.Reconnecting) bridge.state()).cause())
        .isEqualTo("status 404 on connect");
    time.advance(Duration.ofSeconds(1));
    await("open after the retry", () -> bridge.state() instanceof ConnectionState.Open);
  }

  @Test
  void policyClose_stopsReconnecting() {
    server.enqueue(socket(1008));

    bridge.start();

    await("closed", () -> bridge.state() instanceof ConnectionState.Closed);
    assertThat(((ConnectionState.Closed) bridge.state()).reason()).contains("policy code 1008");
    assertThat(((ConnectionState.Closed) bridge.state()).kind())
        .isEqualTo(ConnectionState.Closed.Kind.SERVER_SHUTDOWN);
    // Decided in the same event-thread task that closed it: no reconnect was scheduled.
    assertThat(bridge.counters().reconnects()).isZero();
  }

  @Test
  void unauthorized_refreshesOnce_thenClosesWithAnAuthenticationReason() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().code(401).build());

    bridge.start();

    await("closed", () -> bridge.state() instanceof ConnectionState.Closed);
    assertThat(refreshes).hasValue(1);
    assertThat(((ConnectionState.Closed) bridge.state()).reason()).contains("Authentication");
    assertThat(((ConnectionState.Closed) bridge.state()).kind())
        .isEqualTo(ConnectionState.Closed.Kind.AUTHENTICATION);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void badInput_movesCountersAndLeavesTheBridgeOpen() {
    client.setQueryData(LeadKeys.detail("b_1"), business("Old", 1));
    server.enqueue(
        socket(
            0,
            "not json",
            "{\"data\":{}}",
            "{\"type\":\"business:archived\",\"data\":{}}",
            "{\"type\":\"business:updated\",\"data\":{\"id\":\"b_1\"}}",
            "x".repeat(Transports.DEFAULT_MAX_FRAME_BYTES + 1),
            updated("Still applied", 2)));

    bridge.start();

    await("the last event", () -> bridge.counters().applied() == 1);
    assertThat(detailName()).isEqualTo("Still applied");
    RealtimeBridge.Counters counters = bridge.counters();
    assertThat(counters.malformed()).isEqualTo(4);
    assertThat(counters.unknown()).isOne();
    assertThat(counters.applied()).isOne();
    assertThat(bridge.state()).isInstanceOf(ConnectionState.Open.class);
  }

  @Test
  void whileDisconnected_activeQueriesPoll_andStopOnceOpen() {
    AtomicInteger fetches = new AtomicInteger();
    client
        .observer(
            QueryOptions.<String>builder(
                    QueryKey.of("active"),
                    ctx -> {
                      fetches.incrementAndGet();
                      return CompletableFuture.completedFuture("data");
                    })
                .staleTime(Duration.ofHours(1))
                .build())
        .subscribe(result -> {});
    server.setDispatcher(
        new Dispatcher() {
          final AtomicInteger calls = new AtomicInteger();

          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return calls.incrementAndGet() < 6
                ? new MockResponse.Builder().code(503).build()
                : socket(0);
          }
        });
    bridge.start();
    await("reconnecting", () -> bridge.state() instanceof ConnectionState.Reconnecting);
    int before = fetches.get();

    time.advance(Duration.ofSeconds(5)); // The fallback threshold.
    await("the first poll", () -> fetches.get() == before + 1);
    for (int i = 0; i < 10 && !(bridge.state() instanceof ConnectionState.Open); i++) {
      long reconnects = bridge.counters().reconnects();
      time.advance(Duration.ofSeconds(30));
      await(
          "the next attempt",
          () ->
              bridge.state() instanceof ConnectionState.Open
                  || bridge.counters().reconnects() > reconnects);
    }
    assertThat(bridge.state()).isInstanceOf(ConnectionState.Open.class);
    int whenOpen = fetches.get();
    advanceAndSettle(Duration.ofMinutes(2));

    assertThat(fetches.get())
        .as("no polling once open (one resync at most)")
        .isLessThanOrEqualTo(whenOpen + 1);
  }

  @Test
  void hundredReconnects_thenEveryEventAppliedOnce() {
    client.setQueryData(LeadKeys.detail("b_1"), business("Old", 1));
    // Observed, so that the 50 virtual minutes of backoff do not collect it (gcTime 5 min).
    client
        .observer(
            QueryOptions.<Business>builder(LeadKeys.detail("b_1"), ctx -> new CompletableFuture<>())
                .staleTime(Duration.ofDays(1))
                .build())
        .subscribe(result -> {});
    int drops = 100;
    server.setDispatcher(
        new Dispatcher() {
          final AtomicInteger calls = new AtomicInteger();

          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return calls.incrementAndGet() <= drops
                ? socket(1000)
                : socket(0, updated("v2", 2), updated("v3", 3), updated("v4", 4));
          }
        });
    bridge.start();

    for (int i = 1; i <= drops; i++) {
      int reconnect = i;
      await(
          "reconnect " + i + " to be scheduled", () -> bridge.counters().reconnects() >= reconnect);
      time.advance(Duration.ofSeconds(30)); // Past any backoff delay: the reconnect runs.
    }
    await(
        "the last events",
        () -> bridge.counters().applied() == 3,
        () ->
            bridge.counters()
                + " after "
                + server.getRequestCount()
                + " connections, "
                + bridge.state());
    assertThat(detailName()).isEqualTo("v4");

    assertThat(bridge.counters().applied()).isEqualTo(3);
    assertThat(bridge.counters().reconnects()).isEqualTo(drops);
  }

  @Test
  void close_leavesNoThreadOfTheBridge() {
    server.enqueue(socket(0));
    bridge.start();
    await("open", () -> bridge.state() instanceof ConnectionState.Open);

    bridge.close();
    bridge.close();

    assertThat(bridge.state()).isInstanceOf(ConnectionState.Closed.class);
    await(
        "bridge threads to end",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("freshet-realtime") && t.isAlive()));
  }

  /** Advances virtual time and lets the real-socket work it started finish, boundedly. */
  private void advanceAndSettle(Duration duration) {
    time.advance(duration);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    while (System.nanoTime() < deadline) {
      time.runDue();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
