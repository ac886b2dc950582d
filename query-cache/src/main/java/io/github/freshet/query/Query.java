package io.github.freshet.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry: its state, its observers and its fetch in flight.
 *
 * <p>Implementation notes. State changes happen under this object's lock and publish a new
 * immutable {@link QueryState} through a volatile field, so reads take no lock. Observers hear of
 * each change while the lock is held, but only queue a result then; {@link #flush()} runs their
 * listeners once the lock is released, so listener code never runs under an entry's lock (with a
 * same-thread callback executor it could otherwise deadlock against another thread). Every method
 * that changes state ends with {@code flush()}. The fetch function, promise completion and Caffeine
 * transitions also run with no entry lock held: the fetch function may call back into the client,
 * and Caffeine's {@code compute} takes a lock of its own that must never be taken while an entry
 * lock is held (see {@link QueryClient#touch}). A fetch is identified by its {@link Fetch} object;
 * a completion for a fetch that is no longer current (cancelled, replaced) is ignored. Bookkeeping
 * (which fetch is current) is done before observers hear of a change, so that an observer failing
 * cannot leave the entry stuck fetching.
 *
 * <p>Optimistic layers: {@code base} is the server's data; {@code state}, what everyone reads, is
 * {@code base} with every optimistic layer applied in mutation order. A rollback removes one layer
 * and recomputes, so other mutations' layers stay; new server data replaces {@code base} and the
 * layers are applied again on top. A layer whose mutation succeeded is dropped once server data
 * that can reflect it lands: a fetch started after the mutation settled, or a write (event or
 * manual) after it while no fetch is in flight (that fetch could still land older data).
 */
final class Query<T> {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Query.class);

  final QueryKey<T> key;
  private final QueryClient client;
  private volatile QueryState<T> state;
  private volatile Duration gcTime;
  private volatile boolean pinned;
  private final AtomicInteger holds = new AtomicInteger();

  // Guarded by this.
  private QueryState<T> base; // The server's data (fetched, written by hand, or pushed).
  private final List<Layer<T>> layers = new ArrayList<>(); // Optimistic, in mutation order.
  private final List<QueryObserver<T>> observers = new ArrayList<>();
  private final Set<QueryObserver<T>> unflushed = new LinkedHashSet<>();
  private @Nullable QueryOptions<T> options;
  private @Nullable Fetch fetch;

  Query(QueryClient client, QueryKey<T> key, @Nullable QueryOptions<T> options) {
    this.client = client;
    this.key = key;
    // The first options' gc time, or the default; later options can only raise it.
    this.gcTime = options == null ? client.defaultGcTime() : Duration.ZERO;
    this.base = initialState(options);
    this.state = base;
    if (options != null) {
      applyOptions(options); // No observer yet: nothing to flush.
    }
  }

  private QueryState<T> initialState(@Nullable QueryOptions<T> options) {
    if (options == null || options.initialData() == null) {
      return QueryState.initial();
    }
    T initialData = options.initialData();
    Instant at =
        Objects.requireNonNullElseGet(options.initialDataUpdatedAt(), client.clock()::instant);
    return new QueryState<>(
        initialData, at, 0, null, null, QueryStatus.SUCCESS, FetchStatus.IDLE, 0, null, false);
  }

  QueryState<T> state() {
    return state;
  }

  /** The server's data, without optimistic layers: what manual writes replace. */
  synchronized @Nullable T baseData() {
    return base.data();
  }

  /** Whether Caffeine must keep this entry: observed, fetching, or held during a transition. */
  boolean isPinned() {
    return pinned || holds.get() > 0;
  }

  Duration gcTime() {
    return gcTime;
  }

  void hold() {
    holds.incrementAndGet();
  }

  void release() {
    holds.decrementAndGet();
  }

  synchronized int observerCount() {
    return observers.size();
  }

  synchronized boolean isActive() {
    for (QueryObserver<T> observer : observers) {
      if (observer.options().enabled()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a refetch may run: an enabled observer, or, unobserved, fetched at least once (the same
   * rule as TanStack's {@code isDisabled}).
   */
  synchronized boolean canRefetch() {
    if (!observers.isEmpty()) {
      return isActive();
    }
    return state.dataUpdateCount() > 0 || state.errorUpdatedAt() != null;
  }

  /** Stale as filters see it: by any enabled observer's stale time; unobserved, only if empty. */
  synchronized boolean isStale() {
    QueryState<T> current = state;
    if (observers.isEmpty()) {
      return current.data() == null || current.invalidated();
    }
    for (QueryObserver<T> observer : observers) {
      if (observer.options().enabled()
          && current.isStale(client.staleTime(observer.options()), client.clock().instant())) {
        return true;
      }
    }
    return false;
  }

  synchronized @Nullable QueryOptions<T> options() {
    return options;
  }

  synchronized QuerySnapshot snapshot() {
    return new QuerySnapshot(key, state, observers.size(), isActive(), isStale());
  }

  /** Remembers the latest options that can fetch, and the longest gc time seen. */
  void setOptions(QueryOptions<T> newOptions) {
    synchronized (this) {
      applyOptions(newOptions);
    }
    flush();
  }

  private void applyOptions(QueryOptions<T> newOptions) {
    options = newOptions;
    Duration requested = newOptions.gcTime() != null ? newOptions.gcTime() : client.defaultGcTime();
    if (requested.compareTo(gcTime) > 0) {
      gcTime = requested;
    }
    if (base.data() == null && base.dataUpdateCount() == 0 && newOptions.initialData() != null) {
      QueryState<T> initial = initialState(newOptions);
      if (fetch != null) {
        // A fetch in flight goes on: the entry shows the initial data while it runs, as TanStack
        // merges it, and a cancel goes back to it.
        fetch.revertState = initial;
        initial = initial.fetching(base.fetchStatus());
      }
      setState(initial);
    }
  }

  // ---- Observers ----

  /**
   * Adds or removes an observer to match what it says it wants now, under this entry's lock, so
   * that racing subscribe, unsubscribe, close and key changes always end consistent.
   */
  void sync(QueryObserver<T> observer) {
    synchronized (this) {
      boolean wanted = observer.isAttachedTo(this);
      if (wanted && !observers.contains(observer)) {
        observers.add(observer);
      } else if (!wanted) {
        observers.remove(observer);
      }
      updatePinned();
    }
    client.touch(this);
  }

  private void updatePinned() {
    boolean pendingLayer = false;
    for (Layer<T> layer : layers) {
      pendingLayer |= !layer.settled;
    }
    pinned = !observers.isEmpty() || fetch != null || pendingLayer;
  }

  // ---- Writes ----

  /**
   * Writes data by hand. An equal value changes nothing and notifies nobody.
   *
   * @return the data now cached
   */
  T setData(T data, Instant at) {
    T written;
    synchronized (this) {
      written = write(data, at, true);
    }
    flush();
    return written;
  }

  /**
   * Writes {@code data} only if the cached data is still {@code expected} (by identity): the
   * compare step of a read-modify-write without a lock around the user's updater.
   *
   * @return whether the data was still {@code expected}
   */
  boolean compareAndSetData(@Nullable T expected, T data, Instant at, boolean complete) {
    synchronized (this) {
      // Identity, not equality: only "nobody wrote since the read" may pass.
      @SuppressWarnings("ReferenceEquality")
      boolean changed = base.data() != expected;
      if (changed) {
        return false;
      }
      write(data, at, complete);
    }
    flush();
    return true;
  }

  /**
   * Writes server data. Only a {@code complete} write (a whole value the server sent, not one
   * computed from the cached data) may drop settled layers: a value derived from older data need
   * not reflect them.
   */
  private T write(T data, Instant at, boolean complete) {
    boolean dropped = false;
    if (complete && fetch == null) {
      // Written after they settled, so it reflects them. Not while a fetch is in flight: it may
      // land with data older than this write and the layers would be lost with it.
      dropped = layers.removeIf(layer -> layer.settled);
      updatePinned();
    }
    T previous = base.data();
    if (!dropped
        && previous != null
        && previous.equals(data)
        && base.status() == QueryStatus.SUCCESS) {
      return previous; // Nothing to show anew. (With layers dropped, what readers see changes.)
    }
    setState(whileLayersWait(base.succeeded(data, at, true)));
    if (fetch != null) {
      fetch.revertState = base; // A cancel now goes back to what was written, not before it.
    }
    return data;
  }

  /**
   * Keeps the entry invalidated while settled layers wait for server data that reflects them. A
   * write that leaves them (a derived one, or a fetch that started before the success) must not
   * make the entry fresh: its next observer would not refetch, and the layers would stay until gc.
   * Caller holds the lock.
   */
  private QueryState<T> whileLayersWait(QueryState<T> written) {
    for (Layer<T> layer : layers) {
      if (layer.settled) {
        return written.invalidate();
      }
    }
    return written;
  }

  boolean invalidate() {
    synchronized (this) {
      if (fetch != null) {
        // Its answer may have been read before this invalidation: it will land invalidated. (A
        // refetch with data replaces it instead; a first fetch is joined, as in TanStack.)
        fetch.invalidatedInFlight = true;
      }
      if (base.invalidated()) {
        return false;
      }
      setState(base.invalidate());
    }
    flush();
    return true;
  }

  /** Publishes a state and queues it for the observers. Caller holds the lock. */
  private void setState(QueryState<T> nextBase) {
    base = nextBase;
    QueryState<T> visible = project(nextBase);
    state = visible;
    for (QueryObserver<T> observer : observers) {
      observer.onQueryUpdate(this, visible);
      unflushed.add(observer);
    }
  }

  /** The base state with every layer applied, in order; a layer sees no data if there is none. */
  private QueryState<T> project(QueryState<T> from) {
    T data = from.data();
    if (layers.isEmpty() || data == null) {
      return from;
    }
    T layered = data;
    for (Layer<T> layer : layers) {
      try {
        layered =
            Objects.requireNonNull(layer.updater.apply(layered), "An optimistic update gave null");
      } catch (RuntimeException e) {
        log.warn("An optimistic update of {} failed on new data; skipped", key, e);
      }
    }
    return layered.equals(data) ? from : from.withData(layered);
  }

  // ---- Optimistic layers ----

  /** Adds a mutation's layer on top of the others. */
  void addLayer(long mutation, UnaryOperator<T> updater) {
    synchronized (this) {
      T visible = state.data();
      if (visible != null) {
        Objects.requireNonNull(updater.apply(visible), "An optimistic update gave null");
      }
      // In mutation order, whatever order concurrent onMutate calls reach this entry in.
      int at = layers.size();
      while (at > 0 && layers.get(at - 1).mutation > mutation) {
        at--;
      }
      layers.add(at, new Layer<>(mutation, updater));
      updatePinned();
      setState(base);
    }
    flush();
    client.touch(this);
  }

  /** Rolls back a mutation: removes only its layers and recomputes. */
  void removeLayers(long mutation) {
    synchronized (this) {
      if (!layers.removeIf(layer -> layer.mutation == mutation)) {
        return;
      }
      updatePinned();
      setState(base);
    }
    flush();
    client.touch(this);
  }

  /** A mutation succeeded: its layers stay until server data from after this moment lands. */
  void settleLayers(long mutation, long sequence) {
    synchronized (this) {
      for (Layer<T> layer : layers) {
        if (layer.mutation == mutation) {
          layer.settled = true;
          layer.settledAt = sequence;
        }
      }
      updatePinned();
    }
    client.touch(this);
  }

  synchronized int layerCount() {
    return layers.size();
  }

  /** Runs the listeners of the observers that queued results. Call with no lock held. */
  void flush() {
    List<QueryObserver<T>> toFlush;
    synchronized (this) {
      if (unflushed.isEmpty()) {
        return;
      }
      toFlush = List.copyOf(unflushed);
      unflushed.clear();
    }
    for (QueryObserver<T> observer : toFlush) {
      observer.flush();
    }
  }

  // ---- Fetching ----

  /**
   * Starts a fetch, or joins the one in flight. With {@code cancelRefetch}, a fetch in flight for
   * an entry that already has data is replaced (its promise follows the new one), so that an
   * invalidation always brings data fetched after it.
   */
  CompletableFuture<T> fetch(QueryOptions<T> fetchOptions, boolean cancelRefetch) {
    Fetch started;
    @Nullable Fetch replaced = null;
    @Nullable CompletableFuture<T> joined = null;
    synchronized (this) {
      applyOptions(fetchOptions);
      Fetch current = fetch;
      if (current != null && (!cancelRefetch || base.data() == null)) {
        if (cancelRefetch && current.invalidatedInFlight) {
          // Data from after the invalidation was asked for: this caller waits for the fetch that
          // follows this one (see onAttemptDone), not for this one's answer.
          joined = current.afterInvalidation();
        } else {
          joined = current.promise;
        }
        started = current;
      } else {
        if (current != null) {
          replaced = current;
          current.done = true;
          current.stopTimers();
        }
        started =
            new Fetch(
                fetchOptions,
                replaced != null ? replaced.revertState : base,
                client.nextSequence());
        if (replaced != null) {
          started.events.addAll(replaced.events); // Its answer will not land; this one's will.
        }
        fetch = started;
        updatePinned();
        boolean online = client.isOnline();
        started.waitingForOnline = !online;
        setState(base.fetching(online ? FetchStatus.FETCHING : FetchStatus.PAUSED));
      }
    }
    flush();
    if (joined != null) {
      return joined;
    }
    client.touch(this);
    if (replaced != null) {
      replaced.cancelAttempt();
      follow(replaced.promise, started.promise);
    }
    if (!started.waitingForOnline) {
      runAttempt(started);
    }
    return started.promise;
  }

  /** The replaced fetch's callers get the new fetch's outcome. */
  private static <V> void follow(CompletableFuture<V> follower, CompletableFuture<V> leader) {
    var unused =
        leader.whenComplete((value, error) -> {
          if (error != null) {
            follower.completeExceptionally(error);
          } else {
            follower.complete(value);
          }
        });
  }

  private void runAttempt(Fetch target) {
    QueryContext<T> context;
    synchronized (this) {
      if (target != fetch || target.done) {
        return;
      }
      context = new QueryContext<>(key, target.failures + 1);
      target.context = context;
    }
    CompletionStage<T> stage;
    try {
      stage = target.options.fetcher().fetch(context);
      if (stage == null) {
        throw new NullPointerException("The fetch function of " + key + " returned no stage");
      }
    } catch (Exception | Error e) {
      stage = CompletableFuture.failedFuture(e);
    }
    var unused = stage.whenComplete((value, error) -> onAttemptDone(target, context, value, error));
  }

  private void onAttemptDone(
      Fetch target, QueryContext<T> context, @Nullable T value, @Nullable Throwable error) {
    Throwable failure =
        error != null
            ? unwrap(error)
            : value == null ? new NullPointerException("The fetch of " + key + " gave null") : null;
    boolean settled;
    @Nullable CompletableFuture<T> fetchAgain = null;
    @Nullable T result = null;
    synchronized (this) {
      if (target != fetch || target.done || context.isCancelled()) {
        return; // Cancelled or replaced: a late answer changes nothing.
      }
      boolean retry =
          failure != null
              && target.failures < client.retry(target.options)
              && target.options.retryIf().test(failure);
      settled = !retry;
      if (settled) {
        target.done = true;
        fetch = null;
        updatePinned();
      }
      if (failure == null) {
        // Events that arrived while this fetch was in flight may be newer than its answer.
        result = share(replay(target.events, Objects.requireNonNull(value)));
        long startedAt = target.startedAt;
        layers.removeIf(layer -> layer.settled && layer.settledAt < startedAt);
        updatePinned();
        QueryState<T> landed =
            whileLayersWait(base.succeeded(result, client.clock().instant(), false));
        if (target.invalidatedInFlight) {
          landed = landed.invalidate();
          fetchAgain = target.afterInvalidation; // A refetch after the invalidation joined this.
          target.followingUp = fetchAgain != null;
        }
        setState(landed);
      } else if (retry) {
        Duration delay = client.retryDelay(target.options).delay(target.failures, failure);
        target.failures++;
        target.retryTimer = client.scheduler().schedule(delay, () -> resume(target));
        setState(base.failedAttempt(failure));
      } else {
        setState(base.failed(failure, client.clock().instant()));
      }
    }
    flush();
    if (!settled) {
      return;
    }
    client.touch(this);
    if (failure == null) {
      target.promise.complete(result);
    } else {
      target.promise.completeExceptionally(failure);
    }
    if (fetchAgain != null) {
      CompletableFuture<T> waiting = fetchAgain;
      T landed = Objects.requireNonNull(result);
      // With the latest options, holding the entry while it starts (nothing, if it was removed).
      var unused =
          client
              .refetch(this)
              .whenComplete((ignored, refetchError) -> {
                if (refetchError != null) {
                  waiting.completeExceptionally(refetchError);
                } else {
                  waiting.complete(Objects.requireNonNullElse(state.data(), landed));
                }
              });
    }
  }

  /**
   * Applies a change the server announced: at once to the server data (if there is any), and, while
   * a fetch is in flight, remembered to be replayed onto that fetch's answer, which may have been
   * read on the server before the change.
   *
   * @return the visible data afterwards, or {@code null} if there is none
   */
  @Nullable T applyEvent(UnaryOperator<T> event) {
    T visible;
    synchronized (this) {
      T current = base.data();
      if (current != null) {
        T next = Objects.requireNonNull(event.apply(current), "A server event gave null");
        write(next, client.clock().instant(), false);
      }
      if (fetch != null) {
        fetch.events.add(event);
      }
      visible = state.data();
    }
    flush();
    return visible;
  }

  private T replay(List<UnaryOperator<T>> events, T fetched) {
    T result = fetched;
    for (UnaryOperator<T> event : events) {
      try {
        result = Objects.requireNonNull(event.apply(result), "A server event gave null");
      } catch (RuntimeException e) {
        log.warn("Replaying a server event onto the fetched data of {} failed; skipped", key, e);
      }
    }
    return result;
  }

  /** Structural sharing by equality: an equal result keeps the cached instance. */
  private T share(T fetched) {
    T previous = base.data();
    return previous != null && previous.equals(fetched) ? previous : fetched;
  }

  private void resume(Fetch target) {
    synchronized (this) {
      if (target != fetch || target.done) {
        return;
      }
      if (!client.isOnline()) {
        target.waitingForOnline = true;
        setState(base.withFetchStatus(FetchStatus.PAUSED));
      }
    }
    flush();
    if (!target.waitingForOnline) {
      runAttempt(target);
    }
  }

  /** The client came online: a paused fetch continues at once. */
  void onOnline() {
    Fetch target;
    synchronized (this) {
      target = fetch;
      if (target == null || target.done || !target.waitingForOnline) {
        return;
      }
      target.waitingForOnline = false;
      setState(base.withFetchStatus(FetchStatus.FETCHING));
    }
    flush();
    runAttempt(target);
  }

  /**
   * Cancels the fetch in flight and reverts to the state before it. The fetch's promise completes
   * with the reverted data, or fails with {@link CancellationException} if there is none.
   */
  void cancel() {
    Fetch target;
    QueryState<T> reverted;
    synchronized (this) {
      target = stopFetch();
      if (target == null) {
        return;
      }
      reverted = whileLayersWait(target.revertState.withFetchStatus(FetchStatus.IDLE));
      if (target.invalidatedInFlight) {
        reverted = reverted.invalidate(); // The state before the fetch predates the invalidation.
      }
      setState(reverted);
    }
    flush();
    target.cancelAttempt();
    client.touch(this);
    if (reverted.data() != null) {
      target.promise.complete(reverted.data());
    } else {
      target.promise.completeExceptionally(
          new CancellationException("Fetch of " + key + " cancelled"));
    }
  }

  /** Stops everything: on removal from the cache. The fetch's promise fails as cancelled. */
  void destroy() {
    Fetch target;
    synchronized (this) {
      target = stopFetch();
      if (target != null) {
        setState(base.withFetchStatus(FetchStatus.IDLE));
      }
    }
    flush();
    abandon(target, "was removed");
  }

  /** Back to the initial state (initial data included), cancelling any fetch, atomically. */
  void reset() {
    Fetch target;
    synchronized (this) {
      target = stopFetch();
      layers.clear(); // Reset forgets everything; later rollbacks find nothing to remove.
      updatePinned();
      setState(initialState(options));
    }
    flush();
    abandon(target, "was reset");
    client.touch(this);
  }

  /** Detaches the fetch in flight, if any. Caller holds the lock. */
  private @Nullable Fetch stopFetch() {
    Fetch target = fetch;
    if (target != null) {
      target.done = true;
      target.stopTimers();
      fetch = null;
      updatePinned();
    }
    return target;
  }

  private void abandon(@Nullable Fetch target, String why) {
    if (target != null) {
      target.cancelAttempt();
      target.promise.completeExceptionally(new CancellationException("Query " + key + " " + why));
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** One fetch: its promise, attempts and timers. Fields guarded by the entry's lock. */
  private final class Fetch {
    final QueryOptions<T> options;
    final long startedAt;
    final CompletableFuture<T> promise = new CompletableFuture<>();
    final List<UnaryOperator<T>> events = new ArrayList<>(); // Arrived while in flight.
    QueryState<T> revertState;
    int failures;
    boolean done;
    boolean invalidatedInFlight;
    boolean followingUp; // Set when its answer lands and another fetch follows for the waiting.
    private @Nullable CompletableFuture<T> afterInvalidation;
    volatile boolean waitingForOnline;
    @Nullable QueryContext<T> context;
    Scheduler.@Nullable Cancellable retryTimer;

    Fetch(QueryOptions<T> options, QueryState<T> revertState, long startedAt) {
      this.options = options;
      this.revertState = revertState;
      this.startedAt = startedAt;
    }

    /**
     * The future of the callers that asked for data from after an invalidation and joined this
     * fetch. It ends as this fetch does (cancelled, failed, replaced), except on success, when it
     * follows the fetch that starts then. Caller holds the entry's lock.
     */
    CompletableFuture<T> afterInvalidation() {
      CompletableFuture<T> after = afterInvalidation;
      if (after == null) {
        CompletableFuture<T> created = new CompletableFuture<>();
        after = created;
        afterInvalidation = created;
        var unused =
            promise.whenComplete((value, error) -> {
              if (error != null) {
                created.completeExceptionally(error);
              } else if (!followingUp) {
                created.complete(value);
              }
            });
      }
      return after;
    }

    void stopTimers() {
      if (retryTimer != null) {
        retryTimer.cancel();
        retryTimer = null;
      }
    }

    void cancelAttempt() {
      QueryContext<T> current;
      synchronized (Query.this) {
        current = context;
      }
      if (current != null) {
        current.cancel();
      }
    }
  }

  /** One mutation's optimistic change to this entry. Mutable fields guarded by the entry. */
  private static final class Layer<T> {
    final long mutation;
    final UnaryOperator<T> updater;
    boolean settled;
    long settledAt;

    Layer(long mutation, UnaryOperator<T> updater) {
      this.mutation = mutation;
      this.updater = updater;
    }
  }
}
