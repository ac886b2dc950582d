package io.github.freshet.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry: its state, its observers and its fetch in flight.
 *
 * <p>Implementation notes. State changes happen under this object's lock and publish a new
 * immutable {@link QueryState} through a volatile field, so reads take no lock. Observers hear of
 * each change while the lock is held (each only enqueues a result to its own serial executor), so
 * they see changes in order. The fetch function, promise completion and Caffeine transitions run
 * after the lock is released: the fetch function may call back into the client, and Caffeine's
 * {@code compute} takes its own lock, which must never be taken while an entry lock is held (see
 * {@link QueryClient#touch}). A fetch is identified by its {@link Fetch} object; a completion that
 * arrives for a fetch that is no longer current (cancelled, replaced) is ignored.
 */
final class Query<T> {
  final QueryKey<T> key;
  private final QueryClient client;
  private volatile QueryState<T> state;
  private final List<QueryObserver<T>> observers = new ArrayList<>();
  private @Nullable QueryOptions<T> options;
  private Duration gcTime;
  private @Nullable Fetch fetch;
  private volatile boolean pinned;
  private final AtomicInteger holds = new AtomicInteger();

  Query(QueryClient client, QueryKey<T> key, @Nullable QueryOptions<T> options) {
    this.client = client;
    this.key = key;
    // The first options' gc time, or the default; later options can only raise it.
    this.gcTime = options == null ? client.defaultGcTime() : Duration.ZERO;
    this.state = initialState(options);
    if (options != null) {
      setOptions(options);
    }
  }

  private QueryState<T> initialState(@Nullable QueryOptions<T> options) {
    QueryState<T> initial = QueryState.initial();
    if (options != null && options.initialData() != null) {
      Objects.requireNonNull(options.initialData());
      java.time.Instant at =
          options.initialDataUpdatedAt() != null
              ? options.initialDataUpdatedAt()
              : client.clock().instant();
      initial =
          new QueryState<>(
              options.initialData(),
              at,
              0,
              null,
              null,
              QueryStatus.SUCCESS,
              FetchStatus.IDLE,
              0,
              null,
              false);
    }
    return initial;
  }

  QueryState<T> state() {
    return state;
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

  QuerySnapshot snapshot() {
    synchronized (this) {
      return new QuerySnapshot(key, state, observers.size(), isActive(), isStale());
    }
  }

  /** Remembers the latest options that can fetch, and the longest gc time seen. */
  synchronized void setOptions(QueryOptions<T> newOptions) {
    options = newOptions;
    Duration requested = newOptions.gcTime() != null ? newOptions.gcTime() : client.defaultGcTime();
    if (requested.compareTo(gcTime) > 0) {
      gcTime = requested;
    }
    if (state.data() == null && state.dataUpdateCount() == 0 && newOptions.initialData() != null) {
      setState(initialState(newOptions));
    }
  }

  // ---- Observers ----

  void addObserver(QueryObserver<T> observer) {
    synchronized (this) {
      if (!observers.contains(observer)) {
        observers.add(observer);
      }
      updatePinned();
    }
    client.touch(this);
  }

  void removeObserver(QueryObserver<T> observer) {
    synchronized (this) {
      observers.remove(observer);
      updatePinned();
    }
    client.touch(this);
  }

  private void updatePinned() {
    pinned = !observers.isEmpty() || fetch != null;
  }

  // ---- Writes ----

  /**
   * Writes data by hand. An equal value changes nothing and notifies nobody.
   *
   * @return the data now cached
   */
  T setData(T data, java.time.Instant at) {
    synchronized (this) {
      T previous = state.data();
      if (previous != null && previous.equals(data) && state.status() == QueryStatus.SUCCESS) {
        return previous;
      }
      setState(state.succeeded(data, at, true));
      if (fetch != null) {
        fetch.revertState = state; // A cancel now goes back to what was written, not before it.
      }
      return data;
    }
  }

  synchronized boolean invalidate() {
    if (state.invalidated()) {
      return false;
    }
    setState(state.invalidate());
    return true;
  }

  private void setState(QueryState<T> next) {
    state = next;
    for (QueryObserver<T> observer : observers) {
      observer.onQueryUpdate(this, next);
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
    synchronized (this) {
      setOptions(fetchOptions);
      Fetch current = fetch;
      if (current != null) {
        if (!cancelRefetch || state.data() == null) {
          return current.promise;
        }
        replaced = current;
        current.done = true;
        current.stopTimers();
      }
      started = new Fetch(fetchOptions, replaced != null ? replaced.revertState : state);
      fetch = started;
      updatePinned();
      boolean online = client.isOnline();
      started.waitingForOnline = !online;
      setState(state.fetching(online ? FetchStatus.FETCHING : FetchStatus.PAUSED));
    }
    client.touch(this);
    if (replaced != null) {
      replaced.cancelAttempt();
      Fetch old = replaced;
      // The replaced fetch's callers get the new fetch's outcome.
      var unused =
          started.promise.whenComplete((value, error) -> {
            if (error != null) {
              old.promise.completeExceptionally(error);
            } else {
              old.promise.complete(value);
            }
          });
    }
    if (!started.waitingForOnline) {
      runAttempt(started);
    }
    return started.promise;
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
    stage.whenComplete((value, error) -> onAttemptDone(target, context, value, error));
  }

  private void onAttemptDone(
      Fetch target, QueryContext<T> context, @Nullable T value, @Nullable Throwable error) {
    Throwable failure =
        error != null
            ? unwrap(error)
            : value == null ? new NullPointerException("The fetch of " + key + " gave null") : null;
    boolean settled;
    @Nullable T result = null;
    synchronized (this) {
      if (target != fetch || target.done || context.isCancelled()) {
        return; // Cancelled or replaced: a late answer changes nothing.
      }
      if (failure == null) {
        T shared = share(Objects.requireNonNull(value));
        setState(state.succeeded(shared, client.clock().instant(), false));
        settled = true;
      } else if (target.failures < client.retry(target.options)
          && target.options.retryIf().test(failure)) {
        Duration delay = client.retryDelay(target.options).delay(target.failures, failure);
        target.failures++;
        setState(state.failedAttempt(failure));
        target.retryTimer = client.scheduler().schedule(delay, () -> resume(target));
        settled = false;
      } else {
        setState(state.failed(failure, client.clock().instant()));
        settled = true;
      }
      if (settled) {
        result = state.data();
        target.done = true;
        fetch = null;
        updatePinned();
      }
    }
    if (!settled) {
      return;
    }
    client.touch(this);
    if (failure == null) {
      target.promise.complete(result);
    } else {
      target.promise.completeExceptionally(failure);
    }
  }

  /** Structural sharing by equality: an equal result keeps the cached instance. */
  private T share(T fetched) {
    T previous = state.data();
    return previous != null && previous.equals(fetched) ? previous : fetched;
  }

  private void resume(Fetch target) {
    synchronized (this) {
      if (target != fetch || target.done) {
        return;
      }
      if (!client.isOnline()) {
        target.waitingForOnline = true;
        setState(state.withFetchStatus(FetchStatus.PAUSED));
        return;
      }
    }
    runAttempt(target);
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
      setState(state.withFetchStatus(FetchStatus.FETCHING));
    }
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
      target = fetch;
      if (target == null) {
        return;
      }
      target.done = true;
      target.stopTimers();
      fetch = null;
      updatePinned();
      reverted = target.revertState.withFetchStatus(FetchStatus.IDLE);
      setState(reverted);
    }
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
      target = fetch;
      fetch = null;
      updatePinned();
      if (target != null) {
        target.done = true;
        target.stopTimers();
        setState(state.withFetchStatus(FetchStatus.IDLE));
      }
    }
    if (target != null) {
      target.cancelAttempt();
      target.promise.completeExceptionally(
          new CancellationException("Query " + key + " was removed"));
    }
  }

  /** Back to the initial state (initial data included), cancelling any fetch. */
  void reset() {
    destroy();
    synchronized (this) {
      setState(initialState(options));
    }
    client.touch(this);
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
    final CompletableFuture<T> promise = new CompletableFuture<>();
    QueryState<T> revertState;
    int failures;
    boolean done;
    boolean waitingForOnline;
    @Nullable QueryContext<T> context;
    Scheduler.@Nullable Cancellable retryTimer;

    Fetch(QueryOptions<T> options, QueryState<T> revertState) {
      this.options = options;
      this.revertState = revertState;
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
}
