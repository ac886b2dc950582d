package io.github.freshet.examples.cli;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.RetryPolicy;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.examples.cli.FreshetCli.TransportKind;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.leads.LeadMutations;
import io.github.freshet.query.leads.LeadQueries;
import io.github.freshet.realtime.ConnectionState;
import io.github.freshet.realtime.RealtimeBridge;
import io.github.freshet.realtime.Transport;
import io.github.freshet.realtime.Transports;
import io.github.freshet.realtime.leads.LeadEventHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The three layers wired together for one command: an {@link ApiClient} (layer 1), a {@link
 * QueryClient} with the Lead queries and mutations (layer 2), and, on demand, a {@link
 * RealtimeBridge} (layer 3). It counts the HTTP requests it makes, so that the demo can show cache
 * hits.
 */
final class Session implements AutoCloseable {
  private final String baseUrl;
  private final @Nullable String token;
  private final TransportKind transportKind;
  private final AtomicLong requests = new AtomicLong();
  private final ApiClient api;
  private final LeadsClient leads;
  private final QueryClient cache;
  private final LeadQueries queries;
  private final LeadMutations mutations;
  private @Nullable OkHttpClient streaming;
  private @Nullable RealtimeBridge bridge;

  private Session(String baseUrl, @Nullable String token, TransportKind transportKind) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.transportKind = transportKind;
    ApiClient.Builder builder =
        ApiClient.builder()
            .baseUrl(baseUrl)
            .tokenSupplier(() -> this.token)
            .connectTimeout(Duration.ofSeconds(5))
            // A person waits for the answer: retry briefly, then say what is wrong.
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .initialDelay(Duration.ofMillis(200))
                    .maxDelay(Duration.ofSeconds(2))
                    .build())
            .addInterceptor(chain -> {
              requests.incrementAndGet();
              return chain.proceed(chain.request());
            });
    this.api = builder.build();
    this.leads = LeadsClient.of(api);
    // The API client retries already; retrying again in the cache would multiply the attempts.
    // Listeners run on the thread that changed the data (never under a cache lock), so what a
    // command prints follows the order of the changes: a rollback is printed before the failed
    // mutation's caller goes on. Best effort: a listener queue another thread is draining stays
    // with that thread. The cost: a stalled stdout stalls the HTTP and event threads too.
    this.cache =
        QueryClient.builder().retry(0).mutationRetry(0).callbackExecutor(Runnable::run).build();
    this.queries = LeadQueries.of(leads);
    this.mutations = LeadMutations.of(cache, leads);
  }

  /** Opens a session; nothing is sent until a command asks. */
  static Session open(String baseUrl, @Nullable String token, TransportKind transport) {
    if (HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl")) == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    return new Session(baseUrl, token, transport);
  }

  LeadsClient leads() {
    return leads;
  }

  QueryClient cache() {
    return cache;
  }

  LeadQueries queries() {
    return queries;
  }

  LeadMutations mutations() {
    return mutations;
  }

  /** How many HTTP requests (attempts) this session has sent. */
  long requests() {
    return requests.get();
  }

  /** The realtime transport's name, for messages. */
  String transportName() {
    return transportKind == TransportKind.ws ? "WebSocket" : "SSE";
  }

  /**
   * Connects the realtime bridge with the Lead event handlers, once; returns it.
   *
   * @param customize registers more handlers or listeners before the bridge starts
   */
  RealtimeBridge bridge(Consumer<RealtimeBridge> customize) {
    if (bridge != null) {
      return bridge;
    }
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS).build();
    streaming = http;
    Transport transport =
        transportKind == TransportKind.ws
            ? Transports.webSocket(
                http, eventUrl(baseUrl, "/api/events/ws", true), () -> token, api.objectMapper())
            : Transports.sse(http, eventUrl(baseUrl, "/api/events", false), () -> token);
    RealtimeBridge created = RealtimeBridge.builder(cache, transport).build();
    LeadEventHandlers.register(created, cache, api.objectMapper(), Clock.systemUTC());
    customize.accept(created);
    bridge = created;
    created.start();
    return created;
  }

  /**
   * Connects the realtime bridge (see {@link #bridge}) and waits, at most {@code wait}, until its
   * connection is open: events published before that are never seen, so a command that starts a job
   * and follows it by events connects first.
   *
   * @return whether the connection opened in time; if not, the bridge keeps trying and the caller
   *     follows by polling meanwhile
   */
  boolean openBridge(Duration wait) throws InterruptedException {
    RealtimeBridge created = bridge(b -> {});
    CompletableFuture<@Nullable Void> open = new CompletableFuture<>();
    created.onStateChange(state -> {
      if (state instanceof ConnectionState.Open || state instanceof ConnectionState.Closed) {
        open.complete(null); // Closed: it will not open; no point waiting.
      }
    });
    ConnectionState now = created.state();
    if (now instanceof ConnectionState.Open || now instanceof ConnectionState.Closed) {
      return now instanceof ConnectionState.Open; // Decided before the listener was added.
    }
    try {
      open.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return created.state() instanceof ConnectionState.Open;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
  }

  /**
   * Returns a connection state for {@code --json}: {@code connection} is {@code connecting}, {@code
   * open}, {@code reconnecting} (with {@code attempt}, {@code delayMs} and {@code cause}) or {@code
   * closed} (with {@code reason}).
   */
  static Map<String, Object> json(ConnectionState state) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (state instanceof ConnectionState.Reconnecting reconnecting) {
      json.put("connection", "reconnecting");
      json.put("attempt", reconnecting.attempt());
      json.put("delayMs", reconnecting.delay().toMillis());
      json.put("cause", reconnecting.cause());
    } else if (state instanceof ConnectionState.Closed closed) {
      json.put("connection", "closed");
      json.put("reason", closed.reason());
    } else {
      json.put("connection", state instanceof ConnectionState.Open ? "open" : "connecting");
    }
    return json;
  }

  /** Returns a short description of a connection state. */
  static String describe(ConnectionState state) {
    if (state instanceof ConnectionState.Reconnecting reconnecting) {
      return String.format(
          "reconnecting (attempt %d, in %d ms): %s",
          reconnecting.attempt(), reconnecting.delay().toMillis(), reconnecting.cause());
    }
    if (state instanceof ConnectionState.Closed closed) {
      return "closed: " + closed.reason();
    }
    return state instanceof ConnectionState.Open ? "open" : "connecting";
  }

  /**
   * The URL of an event stream under the base URL (its path prefix kept), parsed as the API client
   * parses the base URL: scheme in any case, surrounding whitespace ignored.
   */
  static String eventUrl(String baseUrl, String path, boolean webSocket) {
    HttpUrl base = HttpUrl.get(baseUrl.strip());
    HttpUrl.Builder url = base.newBuilder();
    if (base.pathSegments().size() == 1 && base.pathSegments().get(0).isEmpty()) {
      url.encodedPath("/"); // No prefix: "/" alone.
    } else if (!base.encodedPath().endsWith("/")) {
      url.addPathSegment(""); // The prefix as a directory, so the path goes under it.
    }
    String http = url.addPathSegments(path.substring(1)).build().toString();
    if (!webSocket) {
      return http;
    }
    return (base.isHttps() ? "wss" : "ws") + http.substring(base.scheme().length());
  }

  @Override
  public void close() {
    if (bridge != null) {
      bridge.close();
    }
    cache.close();
    api.close();
    OkHttpClient http = streaming;
    if (http != null) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
