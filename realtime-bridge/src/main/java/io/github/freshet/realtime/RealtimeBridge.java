package io.github.freshet.realtime;

import io.github.freshet.client.TokenRefresher;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.RefetchType;
import io.github.freshet.query.Scheduler;
import io.github.freshet.realtime.internal.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection to the server's event stream and applies each event to the query cache
 * through the handlers registered with {@link #on}: reconnects with backoff, resyncs after a gap,
 * polls while disconnected, and survives bad input. Build with {@link #builder(QueryClient,
 * Transport)}, then {@link #start()}; {@link #close()} when done.
 *
 * <p>Threads: every transport callback, handler and state change runs on one event thread of the
 * bridge's own, in arrival order; timers run on the injected {@link Scheduler}. State listeners run
 * on the event thread. After {@code close()} no thread, timer or connection of the bridge remains;
 * if the event thread is still busy after the close timeout (a handler, listener or token refresher
 * that does not return), {@code close()} closes the connection and cancels the timers itself, and
 * the busy thread opens nothing more. After the bridge closed by itself (a server shutdown, failed
 * authentication), its idle event thread remains until {@code close()}.
 *
 * <p>Failure model: a transport failure or a normal server close reconnects after {@link
 * ReconnectPolicy}'s delay; a 401 runs the token refresher once and reconnects at once (a second
 * 401 closes with an authentication reason); a server shutdown (policy close code, 204) closes with
 * that reason. After a reconnect that may have missed events, the active queries are invalidated
 * once, at a random moment within the resync window, so that many clients do not refetch in the
 * same millisecond. While disconnected for longer than the fallback threshold, active queries are
 * refetched at the fallback interval, until the connection is open again. A malformed or unknown
 * event is counted and logged with its type; the connection stays open.
 */
public final class RealtimeBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RealtimeBridge.class);
  private static final String CLOSED_BY_APPLICATION = "Closed by the application";

  private final QueryClient client;
  private final Transport transport;
  private final @Nullable TokenRefresher tokenRefresher;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final Duration resyncWindow;
  private final Duration fallbackAfter;
  private final Duration fallbackInterval;
  private final ExecutorService events;
  private final @Nullable ScheduledExecutorService ownTimers;
  private final Backoff backoff;
  private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<ConnectionState>> stateListeners =
      new CopyOnWriteArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();

  private final Duration closeTimeout;
  // Set first thing by close(): from then on the event thread opens and schedules nothing.
  private volatile boolean closing;

  // Written on the event thread. The connection and the timers are volatile because close() reads
  // them when the event thread is stuck, and closes or cancels what it finds.
  private final AtomicReference<ConnectionState> state =
      new AtomicReference<>(new ConnectionState.Connecting());
  private volatile @Nullable Thread eventThread;
  private volatile Transport.@Nullable Connection connection;
  private long generation;
  private @Nullable String lastEventId;
  private boolean everOpened;
  private boolean refreshedToken;
  private volatile Scheduler.@Nullable Cancellable reconnectTimer;
  private volatile Scheduler.@Nullable Cancellable fallbackTimer;
  private volatile Scheduler.@Nullable Cancellable resyncTimer;
  private boolean started;

  private RealtimeBridge(Builder builder) {
    this.client = builder.client;
    this.transport = builder.transport;
    this.tokenRefresher = builder.tokenRefresher;
    this.random = builder.random;
    this.resyncWindow = builder.resyncWindow;
    this.fallbackAfter = builder.fallbackAfter;
    this.fallbackInterval = builder.fallbackInterval;
    this.closeTimeout = builder.closeTimeout;
    if (builder.scheduler != null) {
      this.scheduler = builder.scheduler;
      this.ownTimers = null;
    } else {
      ScheduledThreadPoolExecutor timers =
          new ScheduledThreadPoolExecutor(1, daemon("freshet-realtime-timer"));
      timers.setRemoveOnCancelPolicy(true);
      this.ownTimers = timers;
      this.scheduler = Scheduler.of(timers);
    }
    this.events =
        Executors.newSingleThreadExecutor(runnable -> {
          Thread thread = daemon("freshet-realtime-events").newThread(runnable);
          eventThread = thread;
          return thread;
        });
    this.backoff = new Backoff(builder.reconnectPolicy, builder.clock, builder.random);
  }

  /**
   * Returns a builder.
   *
   * @param client the cache to apply events to
   * @param transport how to connect (see {@link Transports})
   * @return a new builder
   */
  public static Builder builder(QueryClient client, Transport transport) {
    return new Builder(client, transport);
  }

  /**
   * Registers the handler of an event type, replacing an earlier one. Handlers belong to the
   * bridge, not to a connection, so reconnecting never adds a second one.
   *
   * @param type the event type
   * @param handler the handler
   * @return this bridge
   */
  public RealtimeBridge on(String type, EventHandler handler) {
    handlers.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /**
   * Adds a listener of connection state changes; it runs on the event thread.
   *
   * @param listener receives each new state
   */
  public void onStateChange(Consumer<ConnectionState> listener) {
    stateListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the current connection state.
   *
   * @return the state
   */
  public ConnectionState state() {
    return state.get();
  }

  /**
   * Returns the counters so far.
   *
   * @return received, applied, unknown and malformed events, reconnects and resyncs
   */
  public Counters counters() {
    return new Counters(
        received.get(),
        applied.get(),
        unknown.get(),
        malformed.get(),
        reconnects.get(),
        resyncs.get());
  }

  /**
   * Connects. Idempotent; does nothing if {@link #close()} has begun meanwhile.
   *
   * @throws IllegalStateException if the bridge is closed
   */
  public void start() {
    if (state.get() instanceof ConnectionState.Closed) {
      throw new IllegalStateException("RealtimeBridge is closed");
    }
    run(() -> {
      if (!started && !(state.get() instanceof ConnectionState.Closed)) {
        started = true;
        connect();
      }
    });
  }

  /**
   * Closes the connection and stops every timer and thread of the bridge. Idempotent: a second call
   * returns at once. Blocks until the event thread has finished, at most the close timeout (5 s); a
   * thread still busy then is interrupted, and this method closes the connection and cancels the
   * timers itself. Called from a handler or state listener, it returns at once and the bridge
   * closes when that callback returns.
   */
  @Override
  public void close() {
    closing = true;
    try {
      events.execute(
          () -> shutDown(ConnectionState.Closed.Kind.APPLICATION, CLOSED_BY_APPLICATION));
    } catch (RejectedExecutionException alreadyClosed) {
      return;
    }
    events.shutdown();
    if (Thread.currentThread() == eventThread) {
      // Called from a handler or state listener: the thread ends once this task returns.
      if (ownTimers != null) {
        ownTimers.shutdownNow();
      }
      return;
    }
    boolean finished;
    try {
      finished = events.awaitTermination(closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      finished = false;
      Thread.currentThread().interrupt();
    }
    if (!finished) {
      events.shutdownNow(); // Drops the queued shutDown: done below instead.
      log.warn(
          "The realtime bridge's event thread was still busy {} ms after close(); closing its"
              + " connection without it",
          closeTimeout.toMillis());
      closeWithoutTheEventThread();
    }
    if (ownTimers != null) {
      ownTimers.shutdownNow();
    }
  }

  /**
   * What {@link #shutDown} does, from the closing thread. The busy event thread checks {@link
   * #closing} after it opens a connection or schedules a timer (volatile writes, then a volatile
   * read): whatever it creates, either it sees the flag and undoes it, or this sees it and does.
   * Listeners do not hear this {@code Closed}: one of them may be what is stuck.
   */
  private void closeWithoutTheEventThread() {
    releaseConnectionAndTimers();
    // A Closed the stuck thread reached first (authentication failed, say) keeps its kind.
    var unused =
        state.getAndUpdate(now ->
            now instanceof ConnectionState.Closed
                ? now
                : new ConnectionState.Closed(
                    ConnectionState.Closed.Kind.APPLICATION, CLOSED_BY_APPLICATION));
  }

  /** Cancels every timer and closes the connection; both are idempotent. */
  private void releaseConnectionAndTimers() {
    cancel(reconnectTimer);
    cancel(fallbackTimer);
    cancel(resyncTimer);
    Transport.Connection open = connection;
    connection = null;
    if (open != null) {
      open.close();
    }
  }

  // ---- On the event thread ----

  private void connect() {
    if (closing) {
      return;
    }
    long current = ++generation;
    Transport.Listener listener = new ConnectionListener(current);
    try {
      Transport.Connection opened = transport.open(listener, lastEventId);
      connection = opened;
      if (closing) { // close() may have given up on this thread before it saw the connection.
        connection = null;
        opened.close();
      }
    } catch (RuntimeException e) { // Logged where the reconnect is scheduled, with this cause.
      closed(
          new Transport.Disconnect(
              Transport.Disconnect.Kind.FAILURE,
              "could not start a connection: " + e.getClass().getName()));
    }
  }

  private void opened(boolean resumed) {
    boolean gap = everOpened && !resumed;
    if (gap) {
      resyncs.incrementAndGet(); // Before the state: whoever sees it open sees the decision too.
    }
    setState(new ConnectionState.Open());
    backoff.opened();
    refreshedToken = false;
    cancel(fallbackTimer);
    fallbackTimer = null;
    if (gap) {
      scheduleResync();
    }
    everOpened = true;
  }

  private void event(String type, @Nullable String data, @Nullable String id) {
    received.incrementAndGet();
    if (id != null) {
      lastEventId = id;
    }
    EventHandler handler = handlers.get(type);
    if (handler == null) {
      unknown.incrementAndGet();
      log.warn("Unknown event type {}: ignored", type.length() > 64 ? type.substring(0, 64) : type);
      return;
    }
    try {
      handler.handle(type, data);
      applied.incrementAndGet();
    } catch (MalformedEventException e) {
      malformed.incrementAndGet();
      log.warn("{}", e.getMessage());
    } catch (RuntimeException e) {
      malformed.incrementAndGet();
      log.warn(
          "Handling a {} event failed ({}); the connection stays open",
          type,
          e.getClass().getName()); // The class only: a message may quote the payload.
    }
  }

  private void malformedFrame(String reason) {
    received.incrementAndGet();
    malformed.incrementAndGet();
    log.warn("Malformed event frame: {}", reason);
  }

  private void closed(Transport.Disconnect reason) {
    connection = null;
    generation++; // This connection has ended: a late callback of it is dropped (OkHttp may send).
    if (state.get() instanceof ConnectionState.Closed) {
      return;
    }
    backoff.closed();
    switch (reason.kind()) {
      case SHUTDOWN ->
          shutDown(
              ConnectionState.Closed.Kind.SERVER_SHUTDOWN, "Server shutdown: " + reason.message());
      case UNAUTHORIZED -> {
        if (tokenRefresher != null && !refreshedToken) {
          refreshedToken = true;
          try {
            tokenRefresher.refresh();
          } catch (RuntimeException e) {
            shutDown(
                ConnectionState.Closed.Kind.AUTHENTICATION,
                "Authentication failed: the token refresh threw " + e.getClass().getName());
            return;
          }
          setState(new ConnectionState.Connecting());
          connect();
        } else {
          shutDown(
              ConnectionState.Closed.Kind.AUTHENTICATION,
              "Authentication failed: the server rejected the token");
        }
      }
      case LOCAL -> {
        // Closed by us: shutDown or a replaced connection; nothing to do.
      }
      default -> scheduleReconnect(reason);
    }
  }

  private void scheduleReconnect(Transport.Disconnect reason) {
    if (closing) {
      return;
    }
    int attempt = backoff.nextAttempt();
    Duration delay = backoff.delay();
    reconnectTimer = schedule(delay, this::reconnectNow);
    if (reconnectTimer == null) {
      if (!closing) {
        shutDown(ConnectionState.Closed.Kind.FAILURE, "The scheduler refused the reconnect timer");
      }
      return;
    }
    if (fallbackTimer == null) {
      fallbackTimer = schedule(fallbackAfter, this::poll);
    }
    // Counted and announced once the timers exist, so whoever sees it can rely on them.
    reconnects.incrementAndGet();
    if (reason.kind() == Transport.Disconnect.Kind.CLOSED) {
      log.info(
          "{}; reconnecting in {} ms (attempt {})", reason.message(), delay.toMillis(), attempt);
    } else {
      log.warn(
          "Connection failed: {}; reconnecting in {} ms (attempt {})",
          reason.message(),
          delay.toMillis(),
          attempt);
    }
    setState(new ConnectionState.Reconnecting(attempt, delay, reason.message()));
  }

  private void reconnectNow() {
    if (state.get() instanceof ConnectionState.Reconnecting) {
      setState(new ConnectionState.Connecting());
      connect();
    }
  }

  /** Disconnected for a while: refetch the active queries, and again at the interval. */
  private void poll() {
    if (closing
        || state.get() instanceof ConnectionState.Open
        || state.get() instanceof ConnectionState.Closed) {
      fallbackTimer = null;
      return;
    }
    var unused = client.refetchQueries(QueryFilter.all().active());
    cancel(fallbackTimer); // A poll queued before a reopen must not start a second loop.
    fallbackTimer = schedule(fallbackInterval, this::poll);
  }

  private void scheduleResync() {
    cancel(resyncTimer);
    long windowMillis = resyncWindow.toMillis();
    Duration delay = Duration.ofMillis(windowMillis == 0 ? 0 : random.nextLong(windowMillis + 1));
    resyncTimer = schedule(delay, this::resync);
    if (resyncTimer == null && !closing) {
      resync(); // The scheduler refused: at once rather than never (events may have been missed).
    }
  }

  private void resync() {
    if (closing || state.get() instanceof ConnectionState.Closed) {
      return; // A timer that fired just before close() queued this behind the shutdown.
    }
    var unused = client.invalidateQueries(QueryFilter.all(), RefetchType.ACTIVE);
  }

  /**
   * Schedules a task for the event thread; returns {@code null}, scheduling nothing, once {@code
   * close()} has begun or if the scheduler refuses.
   */
  private Scheduler.@Nullable Cancellable schedule(Duration delay, Runnable task) {
    if (closing) {
      return null;
    }
    Scheduler.Cancellable timer;
    try {
      timer = scheduler.schedule(delay, () -> run(task));
    } catch (RuntimeException e) {
      log.warn("The scheduler refused a timer of the realtime bridge", e);
      return null;
    }
    if (closing) { // close() may have given up on this thread before it saw the timer.
      timer.cancel();
      return null;
    }
    return timer;
  }

  private void shutDown(ConnectionState.Closed.Kind kind, String reason) {
    if (state.get() instanceof ConnectionState.Closed) {
      return;
    }
    generation++; // Callbacks of the connection still queued are dropped from now on.
    // Everything is undone before listeners hear of it: a listener that throws cannot leave a
    // connection or a timer behind.
    releaseConnectionAndTimers();
    setState(new ConnectionState.Closed(kind, reason));
  }

  private void setState(ConnectionState next) {
    // Closed is final: a late transition (a refresher returning, say) does not undo it, even one
    // racing close() from another thread.
    if (state.getAndUpdate(now -> now instanceof ConnectionState.Closed ? now : next)
        instanceof ConnectionState.Closed) {
      return;
    }
    for (Consumer<ConnectionState> listener : stateListeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("A connection state listener threw", e);
      }
    }
  }

  private static void cancel(Scheduler.@Nullable Cancellable timer) {
    if (timer != null) {
      timer.cancel();
    }
  }

  /** Runs on the event thread; dropped once the bridge is closed. */
  private void run(Runnable task) {
    try {
      events.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // The bridge's own bug, or a scheduler or cache refusing: logged, and the thread lives.
          log.warn("A task of the realtime bridge failed", e);
        }
      });
    } catch (RejectedExecutionException closed) {
      // Closed: timers and late transport callbacks have nothing left to do.
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Relays one connection's callbacks to the event thread, dropping those of old connections. */
  private final class ConnectionListener implements Transport.Listener {
    private final long connectionGeneration;

    ConnectionListener(long connectionGeneration) {
      this.connectionGeneration = connectionGeneration;
    }

    private void relay(Runnable task) {
      run(() -> {
        if (generation == connectionGeneration) {
          task.run();
        }
      });
    }

    @Override
    public void onOpen(boolean resumed) {
      relay(() -> opened(resumed));
    }

    @Override
    public void onEvent(String type, @Nullable String data, @Nullable String id) {
      relay(() -> event(type, data, id));
    }

    @Override
    public void onMalformed(String reason) {
      relay(() -> malformedFrame(reason));
    }

    @Override
    public void onRetryHint(Duration delay) {
      relay(() -> backoff.serverAsked(delay));
    }

    @Override
    public void onClosed(Transport.Disconnect reason) {
      relay(() -> closed(reason));
    }
  }

  /**
   * The bridge's counters.
   *
   * @param received events (and frames) received
   * @param applied events a handler applied
   * @param unknown events of a type with no handler
   * @param malformed frames or events that could not be decoded or applied
   * @param reconnects reconnects scheduled
   * @param resyncs resyncs scheduled: reopened connections that may have missed events (every
   *     WebSocket reopen; an SSE reopen the server did not confirm as a resume). A reopen the
   *     server confirmed replays what was missed instead, and does not count here.
   */
  public record Counters(
      long received, long applied, long unknown, long malformed, long reconnects, long resyncs) {}

  /** Builds a {@link RealtimeBridge}. */
  public static final class Builder {
    private final QueryClient client;
    private final Transport transport;
    private @Nullable TokenRefresher tokenRefresher;
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.ofDefaults();
    private @Nullable Scheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Duration resyncWindow = Duration.ofSeconds(2);
    private Duration fallbackAfter = Duration.ofSeconds(5);
    private Duration fallbackInterval = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(5);

    private Builder(QueryClient client, Transport transport) {
      this.client = Objects.requireNonNull(client, "client");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Sets the hook that runs once when the server rejects the token (401) before reconnecting.
     *
     * @param refresher the hook
     * @return this builder
     */
    public Builder tokenRefresher(TokenRefresher refresher) {
      this.tokenRefresher = Objects.requireNonNull(refresher, "refresher");
      return this;
    }

    /**
     * Sets the reconnect policy.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder reconnectPolicy(ReconnectPolicy policy) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the scheduler of reconnect, resync and polling timers; by default one daemon thread of
     * the bridge's own, stopped on close.
     *
     * @param scheduler the scheduler ({@code VirtualTime.scheduler()} in tests)
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the clock that measures how long a connection stayed open.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the random source of reconnect jitter and the resync moment.
     *
     * @param random the source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the window the resync after a gap is spread over. Default 2 s.
     *
     * @param window not negative
     * @return this builder
     */
    public Builder resyncWindow(Duration window) {
      this.resyncWindow = nonNegative(window, "window");
      return this;
    }

    /**
     * Sets how long the bridge waits, disconnected, before it polls, and how often it polls then.
     * Defaults 5 s and 10 s.
     *
     * @param after the threshold
     * @param interval the polling interval
     * @return this builder
     */
    public Builder fallbackPolling(Duration after, Duration interval) {
      this.fallbackAfter = nonNegative(after, "after");
      this.fallbackInterval = nonNegative(interval, "interval");
      if (interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive");
      }
      return this;
    }

    /** How long {@code close()} waits for the event thread; for tests of a stuck thread. */
    Builder closeTimeout(Duration timeout) {
      this.closeTimeout = nonNegative(timeout, "timeout");
      return this;
    }

    /**
     * Builds the bridge (not yet connected).
     *
     * @return the bridge
     */
    public RealtimeBridge build() {
      return new RealtimeBridge(this);
    }

    private static Duration nonNegative(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + duration);
      }
      return duration;
    }
  }
}
