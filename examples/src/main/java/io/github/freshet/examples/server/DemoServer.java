package io.github.freshet.examples.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * An embedded, in-memory Lead API server: every endpoint of {@code docs/openapi.yaml}, seeded with
 * made-up businesses, with background scrapes and enrichments, and the realtime events of {@code
 * docs/events.md} over Server-Sent Events ({@link #sseUrl()}) and WebSocket ({@link
 * #webSocketUrl()}). For demos and end-to-end tests; see {@code docs/demo-server.md}.
 *
 * <pre>{@code
 * try (DemoServer server = DemoServer.builder().seed(7).build().start()) {
 *   ApiClient api = ApiClient.builder().baseUrl(server.baseUrl()).token(server.token()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Everything random (the seed data, scrape results, enrichment failures, rejections, injected
 * errors) is drawn from {@link Builder#seed(long)}, each decision from its own source keyed by what
 * it is for (a job and its attempt, the n-th enrichment request, the n-th request): with the same
 * seed, the same jobs get the same results whatever other requests come between them or however the
 * threads interleave.
 *
 * <p>Thread-safe. Owns a Jetty server (threads named {@code freshet-demo-http-*}) while started,
 * and one scheduler thread ({@code freshet-demo-scheduler-*}) for jobs and heartbeats until {@link
 * #close()}.
 */
public final class DemoServer implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /**
   * Event ids a server process has per millisecond of its life, so that the next process starts
   * above them (unless one published more than 1000 events a millisecond on average). At 1000, ids
   * stay below 2^53, exact in a JavaScript number, until the year 2255.
   */
  private static final long EVENT_IDS_PER_MILLISECOND = 1000;

  private final String host;
  private final int configuredPort;
  private final String token;
  private final Duration heartbeatInterval;
  private final EventLog events;
  private final LeadService service;
  private final HttpApi api;
  private final ScheduledThreadPoolExecutor scheduler;
  private final String threadPrefix;

  private @Nullable Javalin javalin;
  private @Nullable ScheduledFuture<?> heartbeat;
  private volatile int port = -1;
  private boolean closed;

  private DemoServer(Builder builder) {
    this.host = builder.host;
    this.configuredPort = builder.port;
    this.token = builder.token;
    this.heartbeatInterval = builder.heartbeatInterval;
    this.threadPrefix = "freshet-demo-" + INSTANCES.incrementAndGet();
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable,
                      "freshet-demo-scheduler-" + threadPrefix.substring("freshet-demo-".length()));
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    Clock clock = Clock.systemUTC();
    SeededRandom random = new SeededRandom(builder.seed);
    this.events =
        new EventLog(
            builder.eventHistory,
            builder.firstEventId != null
                ? builder.firstEventId
                : clock.millis() * EVENT_IDS_PER_MILLISECOND + 1);
    this.service =
        new LeadService(
            builder.seed,
            builder.businesses,
            events,
            scheduler,
            random,
            clock,
            builder.scrapeDuration,
            builder.enrichmentDelay,
            builder.enrichmentRejectRate,
            builder.enrichmentFailureRate);
    this.api =
        new HttpApi(
            service,
            events,
            random,
            clock,
            token,
            builder.latency,
            builder.errorRate,
            builder.eventHistory);
  }

  /**
   * Returns a builder with the defaults: {@code 127.0.0.1}, an ephemeral port, 200 businesses from
   * seed 42.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the host and port and starts serving. The first start binds the configured port (0 for an
   * ephemeral one); a start after {@link #stop()} binds the same port again. Does nothing if the
   * server is already started. Blocks until the server accepts connections.
   *
   * @return this server
   * @throws IllegalStateException if the server is closed, or the port cannot be bound
   */
  public synchronized DemoServer start() {
    if (closed) {
      throw new IllegalStateException("The demo server is closed");
    }
    if (javalin != null) {
      return this;
    }
    int bind = port >= 0 ? port : configuredPort;
    QueuedThreadPool threads = new QueuedThreadPool(200, 2);
    threads.setName("freshet-demo-http-" + threadPrefix.substring("freshet-demo-".length()));
    threads.setDaemon(true);
    Javalin server =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jetty.host = host;
          config.jetty.port = bind;
          config.jetty.threadPool = threads;
          config.http.prefer405over404 = true;
          config.http.compressionStrategy = CompressionStrategy.NONE;
          api.configure(config.routes);
        });
    api.stopping(false);
    try {
      server.start();
    } catch (RuntimeException e) {
      stopQuietly(server);
      throw new IllegalStateException("Cannot start the demo server on " + host + ":" + bind, e);
    }
    javalin = server;
    port = server.port();
    if (heartbeat == null) {
      long period = heartbeatInterval.toNanos();
      heartbeat =
          scheduler.scheduleAtFixedRate(events::heartbeat, period, period, TimeUnit.NANOSECONDS);
    }
    return this;
  }

  /**
   * Stops serving: ends every event stream (WebSocket clients get close code 1001, going away; SSE
   * streams end), closes every connection and unbinds the port. The businesses, jobs and event
   * history stay; {@link #start()} serves them again on the same port. Running jobs go on in the
   * background. Does nothing if the server is not started.
   */
  public synchronized void stop() {
    Javalin server = javalin;
    if (server == null) {
      return;
    }
    javalin = null;
    api.stopping(true);
    events.endAll();
    stopQuietly(server);
  }

  /**
   * Stops the server ({@link #stop()}) and releases every thread and timer. Idempotent; the server
   * cannot start again.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    service.cancelTimers();
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The demo server's scheduler did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the base URL of the API, such as {@code http://127.0.0.1:8080}; paths start with {@code
   * /api}.
   *
   * @return the base URL
   * @throws IllegalStateException if the server has never started
   */
  public String baseUrl() {
    return "http://" + authority();
  }

  /**
   * Returns the URL of the WebSocket event stream, {@code ws://<host>:<port>/api/events/ws}.
   *
   * @return the URL
   * @throws IllegalStateException if the server has never started
   */
  public String webSocketUrl() {
    return "ws://" + authority() + HttpApi.WEBSOCKET_PATH;
  }

  /**
   * Returns the URL of the Server-Sent Events stream, {@code http://<host>:<port>/api/events}.
   *
   * @return the URL
   * @throws IllegalStateException if the server has never started
   */
  public String sseUrl() {
    return baseUrl() + HttpApi.EVENTS_PATH;
  }

  /**
   * Returns the bearer token the server accepts.
   *
   * @return the token
   */
  public String token() {
    return token;
  }

  /**
   * Returns the port the server is bound to, or was bound to before {@link #stop()}.
   *
   * @return the port
   * @throws IllegalStateException if the server has never started
   */
  public int port() {
    int bound = port;
    if (bound < 0) {
      throw new IllegalStateException("The demo server has not started yet");
    }
    return bound;
  }

  /**
   * Sets the probability that {@code POST /api/enrichment/{id}} answers 503 {@code
   * enrichment_unavailable} instead of accepting. Takes effect at once.
   *
   * @param rate the probability, 0 to 1
   * @throws IllegalArgumentException if {@code rate} is not between 0 and 1
   */
  public void setEnrichmentRejectRate(double rate) {
    service.rejectRate(checkRate("enrichmentRejectRate", rate));
  }

  /**
   * Sets the probability that an accepted enrichment fails (and becomes a failed job). Takes effect
   * for enrichments that end from now on.
   *
   * @param rate the probability, 0 to 1
   * @throws IllegalArgumentException if {@code rate} is not between 0 and 1
   */
  public void setEnrichmentFailureRate(double rate) {
    service.failureRate(checkRate("enrichmentFailureRate", rate));
  }

  /**
   * Returns how many event-stream clients (WebSocket and SSE) are connected.
   *
   * @return the count
   */
  public int eventClients() {
    return events.clients();
  }

  private String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  private static void stopQuietly(Javalin server) {
    server.stop();
  }

  private static double checkRate(String name, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1: " + rate);
    }
    return rate;
  }

  private static Duration checkDuration(String name, Duration duration, boolean zeroAllowed) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
      throw new IllegalArgumentException(
          name + " must be " + (zeroAllowed ? "zero or positive" : "positive") + ": " + duration);
    }
    return duration;
  }

  /** Builds a {@link DemoServer}. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String token = "freshet-demo-token";
    private long seed = 42;
    private int businesses = 200;
    private Duration scrapeDuration = Duration.ofSeconds(10);
    private Duration enrichmentDelay = Duration.ofMillis(1500);
    private double enrichmentRejectRate;
    private double enrichmentFailureRate = 0.25;
    private Duration latency = Duration.ZERO;
    private double errorRate;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private int eventHistory = 1000;
    private @Nullable Long firstEventId;

    private Builder() {}

    /**
     * Sets the host or IP address to bind; {@code 127.0.0.1} by default.
     *
     * @param host the host
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /**
     * Sets the port to bind; 0 (the default) for an ephemeral one.
     *
     * @param port the port, 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the one bearer token the server accepts; {@code freshet-demo-token} by default.
     *
     * @param token the token
     * @return this builder
     * @throws NullPointerException if {@code token} is null
     * @throws IllegalArgumentException if {@code token} is blank or holds whitespace
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isEmpty() || !token.equals(token.replaceAll("\\s", ""))) {
        throw new IllegalArgumentException("token must be non-empty, without whitespace");
      }
      this.token = token;
      return this;
    }

    /**
     * Sets the seed of every random choice; 42 by default. The same seed gives the same data.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how many businesses the store starts with; 200 by default.
     *
     * @param businesses the count, 0 to 100000
     * @return this builder
     * @throws IllegalArgumentException if {@code businesses} is out of range
     */
    public Builder businesses(int businesses) {
      if (businesses < 0 || businesses > 100_000) {
        throw new IllegalArgumentException(
            "businesses must be between 0 and 100000: " + businesses);
      }
      this.businesses = businesses;
      return this;
    }

    /**
     * Sets how long a scrape job runs; 10 s by default.
     *
     * @param scrapeDuration the duration, positive
     * @return this builder
     * @throws NullPointerException if {@code scrapeDuration} is null
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder scrapeDuration(Duration scrapeDuration) {
      this.scrapeDuration = checkDuration("scrapeDuration", scrapeDuration, false);
      return this;
    }

    /**
     * Sets how long an enrichment takes from acceptance to its end; 1.5 s by default.
     *
     * @param enrichmentDelay the delay, zero or positive
     * @return this builder
     * @throws NullPointerException if {@code enrichmentDelay} is null
     * @throws IllegalArgumentException if it is negative
     */
    public Builder enrichmentDelay(Duration enrichmentDelay) {
      this.enrichmentDelay = checkDuration("enrichmentDelay", enrichmentDelay, true);
      return this;
    }

    /**
     * Sets the probability that {@code POST /api/enrichment/{id}} answers 503 {@code
     * enrichment_unavailable}; 0 by default. See {@link DemoServer#setEnrichmentRejectRate}.
     *
     * @param rate the probability, 0 to 1
     * @return this builder
     * @throws IllegalArgumentException if {@code rate} is not between 0 and 1
     */
    public Builder enrichmentRejectRate(double rate) {
      this.enrichmentRejectRate = checkRate("enrichmentRejectRate", rate);
      return this;
    }

    /**
     * Sets the probability that an accepted enrichment fails; 0.25 by default.
     *
     * @param rate the probability, 0 to 1
     * @return this builder
     * @throws IllegalArgumentException if {@code rate} is not between 0 and 1
     */
    public Builder enrichmentFailureRate(double rate) {
      this.enrichmentFailureRate = checkRate("enrichmentFailureRate", rate);
      return this;
    }

    /**
     * Sets how long the server waits before each HTTP answer (not the event streams); 0 by default.
     *
     * @param latency the latency, zero or positive
     * @return this builder
     * @throws NullPointerException if {@code latency} is null
     * @throws IllegalArgumentException if it is negative
     */
    public Builder latency(Duration latency) {
      this.latency = checkDuration("latency", latency, true);
      return this;
    }

    /**
     * Sets the probability that a request (not health, not the event streams) answers 503 {@code
     * injected_error} with {@code Retry-After: 1}; 0 by default.
     *
     * @param rate the probability, 0 to 1
     * @return this builder
     * @throws IllegalArgumentException if {@code rate} is not between 0 and 1
     */
    public Builder errorRate(double rate) {
      this.errorRate = checkRate("errorRate", rate);
      return this;
    }

    /**
     * Sets how often event streams get a heartbeat (an SSE comment, a WebSocket ping); 10 s by
     * default.
     *
     * @param heartbeatInterval the interval, positive
     * @return this builder
     * @throws NullPointerException if {@code heartbeatInterval} is null
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = checkDuration("heartbeatInterval", heartbeatInterval, false);
      return this;
    }

    /**
     * Sets how many past events the server keeps for {@code Last-Event-ID} replay; 1000 by default.
     *
     * @param eventHistory the count, 1 to 1000000
     * @return this builder
     * @throws IllegalArgumentException if {@code eventHistory} is out of range
     */
    public Builder eventHistory(int eventHistory) {
      if (eventHistory < 1 || eventHistory > 1_000_000) {
        throw new IllegalArgumentException(
            "eventHistory must be between 1 and 1000000: " + eventHistory);
      }
      this.eventHistory = eventHistory;
      return this;
    }

    /**
     * Sets the id of the first event. By default it comes from the time the server is built (its
     * milliseconds since the epoch × 1000, plus 1), so that a server never takes an id an earlier
     * server process gave out for one of its own: a client's {@code Last-Event-ID} from before a
     * restart of the process is not confirmed as a resume, and the client resyncs. Tests set a
     * small first id for readable ids.
     *
     * @param firstEventId the first id, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code firstEventId} is less than 1
     */
    public Builder firstEventId(long firstEventId) {
      if (firstEventId < 1) {
        throw new IllegalArgumentException("firstEventId must be at least 1: " + firstEventId);
      }
      this.firstEventId = firstEventId;
      return this;
    }

    /**
     * Builds the server, seeded and not started; {@link DemoServer#start()} serves it.
     *
     * @return the server
     */
    public DemoServer build() {
      return new DemoServer(this);
    }
  }
}
