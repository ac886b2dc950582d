package io.github.freshet.query;

import io.github.freshet.query.internal.SerialExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one query and keeps it fresh while anything subscribes: fetches on subscribe when the
 * data is missing or stale, polls if asked, and tells its listeners every time the {@link
 * QueryResult} they can see changes. Get one from {@link QueryClient#observer}.
 *
 * <p>Listeners of one observer receive results in order and never concurrently, on the client's
 * callback executor, never while the cache holds a lock (so a listener may call back into the
 * client); a listener first receives the current result, then each change. A listener that throws
 * is logged and does not stop the others. Equal results are not delivered twice.
 *
 * <p>The entry is observed (never evicted, refetched by invalidations) from the first subscription
 * until the last one is closed or the observer is closed. Thread-safe.
 *
 * @param <T> the type of the data
 */
public final class QueryObserver<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryObserver.class);
  private static final Duration NO_TIMER_BEYOND = Duration.ofDays(365L * 100);

  private final QueryClient client;
  private final SerialExecutor callbacks;
  private final List<Consumer<? super QueryResult<T>>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  // Guarded by lock. Lock order: an entry's monitor, then this lock; never the other way round.
  private QueryOptions<T> options;
  private Query<T> query;
  private boolean attached;
  private boolean closed;
  private @Nullable QueryResult<T> delivered;
  private @Nullable T previousData;
  private Scheduler.@Nullable Cancellable staleTimer;
  private Scheduler.@Nullable Cancellable intervalTimer;

  QueryObserver(QueryClient client, QueryOptions<T> options) {
    this.client = client;
    this.callbacks = new SerialExecutor(client.callbackExecutor());
    this.options = options;
    Query<T> entry = client.entry(options);
    this.query = entry;
    client.release(entry);
  }

  /**
   * Returns the options this observer uses now.
   *
   * @return the options
   */
  public QueryOptions<T> options() {
    synchronized (lock) {
      return options;
    }
  }

  /**
   * Returns the result as of now.
   *
   * @return the current result
   */
  public QueryResult<T> current() {
    synchronized (lock) {
      return result(query.state());
    }
  }

  /**
   * Adds a listener. It receives the current result at once, then every change. The first
   * subscription starts observing: the query fetches if its data is missing or stale (and it is
   * enabled), and polling starts.
   *
   * @param listener receives results, on the client's callback executor
   * @return a registration whose {@code close()} removes the listener
   * @throws IllegalStateException if the observer is closed
   */
  public Registration subscribe(Consumer<? super QueryResult<T>> listener) {
    Objects.requireNonNull(listener, "listener");
    boolean first;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("QueryObserver is closed");
      }
      first = !attached;
      attached = true;
    }
    if (first) {
      mount(); // Before the first result, so that it already says FETCHING.
    }
    synchronized (lock) {
      QueryResult<T> now = result(query.state());
      if (!now.equals(delivered)) {
        delivered = now;
        deliver(now); // To the listeners already there; the new one gets it below.
      }
      listeners.add(listener);
      callbacks.enqueue(() -> accept(listener, now));
    }
    flush();
    AtomicBoolean removed = new AtomicBoolean();
    return () -> {
      if (removed.compareAndSet(false, true)) { // Idempotent: never another registration's copy.
        unsubscribe(listener);
      }
    };
  }

  private void unsubscribe(Consumer<? super QueryResult<T>> listener) {
    Query<T> detach;
    synchronized (lock) {
      if (!listeners.remove(listener) || !listeners.isEmpty() || !attached) {
        return;
      }
      attached = false;
      stopTimers();
      detach = query;
    }
    detach.sync(this);
  }

  /**
   * Fetches now, replacing a fetch in flight if the entry has data, even if the query is disabled.
   *
   * @return the result after the fetch settled; never fails (a failed fetch shows in the result)
   */
  public CompletableFuture<QueryResult<T>> refetch() {
    return fetchInto(options(), true).handle((value, error) -> current());
  }

  /**
   * Fetches into the entry of the options' key, held while the fetch starts (so that it cannot
   * expire in between): never into another key's entry, whatever setOptions does meanwhile.
   */
  private CompletableFuture<T> fetchInto(QueryOptions<T> current, boolean cancelRefetch) {
    liveEntry(current);
    Query<T> target = client.entry(current);
    try {
      return target.fetch(current, cancelRefetch);
    } finally {
      client.release(target);
    }
  }

  /**
   * Changes the options. A new key moves the observer to that entry (a new page, say): it fetches
   * there if needed, and shows placeholder data meanwhile if the options ask for it. On the same
   * key, enabling a disabled query fetches it if its data is missing or stale; other changes fetch
   * nothing.
   *
   * @param newOptions the new options
   * @throws IllegalStateException if the observer is closed
   */
  public void setOptions(QueryOptions<T> newOptions) {
    Objects.requireNonNull(newOptions, "newOptions");
    boolean keyChanged;
    boolean enabling;
    boolean wasAttached;
    Query<T> current;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("QueryObserver is closed");
      }
      current = query;
      keyChanged = !newOptions.key().equals(current.key);
      enabling = !options.enabled() && newOptions.enabled();
      if (keyChanged) {
        T shown = result(current.state()).data();
        if (shown != null) {
          previousData = shown;
        }
      }
      options = newOptions;
      wasAttached = attached;
    }
    if (!keyChanged) {
      current.setOptions(newOptions);
    }
    if (wasAttached && (keyChanged || enabling)) {
      mount();
    } else if (wasAttached) {
      refreshTimers();
    } else if (keyChanged) {
      repoint(newOptions); // Not observing: only what current() and refetch() read moves.
    }
  }

  /** Points an observer that is not attached at the entry of {@code target}'s key. */
  private void repoint(QueryOptions<T> target) {
    if (client.isClosed()) {
      return; // Nothing to point at any more; current() keeps showing the last entry.
    }
    Query<T> fresh = client.entry(target);
    try {
      synchronized (lock) {
        if (!attached && options == target) { // Else a later setOptions or subscribe decides.
          query = fresh;
        }
      }
    } finally {
      client.release(fresh);
    }
  }

  /**
   * Returns a {@link Flow.Publisher} view: each subscriber gets the current result, then every
   * change, as far as it has requested. A subscriber that requests less than the results arrive
   * gets the latest one when it asks again (results are snapshots, so older ones are skipped).
   * Cancelling the subscription removes its listener.
   *
   * @return a publisher of this observer's results
   */
  public Flow.Publisher<QueryResult<T>> publisher() {
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      new ResultSubscription<>(this, subscriber).start();
    };
  }

  /** Removes every listener and stops observing. Idempotent. */
  @Override
  public void close() {
    Query<T> detach;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      listeners.clear();
      stopTimers();
      attached = false;
      detach = query;
    }
    detach.sync(this);
  }

  // ---- With the entry ----

  /** Whether this observer wants to be in {@code entry}'s observer list now. */
  boolean isAttachedTo(Query<T> entry) {
    synchronized (lock) {
      return attached && !closed && query == entry;
    }
  }

  /**
   * Attaches to the live entry of the key (a new one if the old was removed or expired), fetches if
   * the data is missing or stale, and arms the timers. The entry is held while attaching, so that
   * it cannot expire in between.
   */
  private void mount() {
    QueryOptions<T> current = options();
    Query<T> target = client.entry(current);
    try {
      Query<T> previous;
      synchronized (lock) {
        if (!attached) {
          return; // Unsubscribed meanwhile.
        }
        previous = query;
        query = target;
      }
      if (previous != target) {
        previous.sync(this);
      }
      target.sync(this);
      QueryState<T> state = target.state();
      boolean wanted =
          current.enabled()
              && state.fetchStatus() == FetchStatus.IDLE
              && (state.data() == null
                  || state.isStale(client.staleTime(current), client.clock().instant()));
      if (wanted) {
        var unused = target.fetch(current, false).exceptionally(error -> null);
      }
      refresh(target);
    } finally {
      client.release(target);
    }
  }

  /**
   * Makes the observer follow the live entry of {@code current}'s key, if its entry was removed
   * from the cache meanwhile (so that the fetched data shows where this observer and readers look).
   */
  private void liveEntry(QueryOptions<T> current) {
    boolean wasAttached;
    synchronized (lock) {
      if (client.isCached(query) && query.key.equals(current.key())) {
        return;
      }
      wasAttached = attached;
    }
    if (wasAttached) {
      mount();
    } else {
      repoint(current);
    }
  }

  /** Called by the entry, under its lock, after each change of its state: queues only. */
  void onQueryUpdate(Query<T> source, QueryState<T> state) {
    synchronized (lock) {
      update(source, state, true);
    }
  }

  /** Runs the listeners of queued results. Called with no lock held. */
  void flush() {
    callbacks.flush();
  }

  /** Recomputes the result from the entry's latest state (staleness moves with time). */
  private void refresh(Query<T> source) {
    synchronized (lock) {
      update(source, source.state(), true);
    }
    flush();
  }

  /** The stale timer: recompute, without moving the polling timer. */
  private void staleTick(Query<T> source) {
    synchronized (lock) {
      update(source, source.state(), false);
    }
    flush();
  }

  private void refreshTimers() {
    Query<T> target;
    synchronized (lock) {
      target = query;
    }
    refresh(target);
  }

  /** Caller holds lock. Never throws: a failing user function must not wedge the entry. */
  private void update(Query<T> source, QueryState<T> state, boolean rearmPolling) {
    if (source != query || !attached) {
      return;
    }
    try {
      QueryResult<T> next = result(state);
      armStaleTimer(state);
      if (rearmPolling) {
        armPolling(state);
      }
      if (!next.equals(delivered)) {
        delivered = next;
        deliver(next);
      }
    } catch (RuntimeException e) {
      log.warn("Observer of {} could not compute its result", query.key, e);
    }
  }

  /**
   * Queues a result for the listeners registered now, as one task, so that a listener whose
   * reaction changes the data cannot put a newer result ahead of this one for the listeners after
   * it. A listener removed before the task runs is skipped. Caller holds lock.
   */
  private void deliver(QueryResult<T> result) {
    List<Consumer<? super QueryResult<T>>> targets = List.copyOf(listeners);
    callbacks.enqueue(() -> {
      for (Consumer<? super QueryResult<T>> listener : targets) {
        if (listeners.contains(listener)) {
          accept(listener, result);
        }
      }
    });
  }

  private static <T> void accept(Consumer<? super QueryResult<T>> listener, QueryResult<T> result) {
    try {
      listener.accept(result);
    } catch (RuntimeException e) {
      log.warn("A listener of {} threw; the others still run", result.key(), e);
    }
  }

  /** The result of a state as this observer sees it. Caller holds lock. */
  private QueryResult<T> result(QueryState<T> state) {
    Instant now = client.clock().instant();
    boolean stale = options.enabled() && state.isStale(client.staleTime(options), now);
    T data = state.data();
    QueryStatus status = state.status();
    boolean placeholder = false;
    UnaryOperator<@Nullable T> placeholderData = options.placeholderData();
    if (data == null && status == QueryStatus.PENDING && placeholderData != null) {
      T shown = placeholderData.apply(previousData);
      if (shown != null) {
        data = shown;
        status = QueryStatus.SUCCESS;
        placeholder = true;
      }
    }
    return new QueryResult<>(
        query.key,
        status,
        state.fetchStatus(),
        data,
        state.error(),
        state.dataUpdatedAt(),
        state.errorUpdatedAt(),
        stale,
        placeholder,
        state.failureCount(),
        state.failureReason());
  }

  /** Arms a timer for when fresh data turns stale, so listeners hear of it. Caller holds lock. */
  private void armStaleTimer(QueryState<T> state) {
    if (staleTimer != null) {
      staleTimer.cancel();
      staleTimer = null;
    }
    Duration staleTime = client.staleTime(options);
    Instant updatedAt = state.dataUpdatedAt();
    Instant now = client.clock().instant();
    if (!attached
        || !options.enabled()
        || state.data() == null
        || updatedAt == null
        || staleTime.compareTo(NO_TIMER_BEYOND) >= 0
        || state.isStale(staleTime, now)) {
      return;
    }
    Duration untilStale = Duration.between(now, updatedAt.plus(staleTime));
    Query<T> target = query;
    staleTimer = client.scheduler().schedule(untilStale, () -> staleTick(target));
  }

  /** Re-arms polling from now, as TanStack does on every state change. Caller holds lock. */
  private void armPolling(QueryState<T> state) {
    if (intervalTimer != null) {
      intervalTimer.cancel();
      intervalTimer = null;
    }
    RefetchInterval<T> interval = options.refetchInterval();
    if (!attached || !options.enabled() || interval == null) {
      return;
    }
    Duration next = interval.next(state);
    if (next != null
        && !next.isNegative()
        && !next.isZero()
        && next.compareTo(NO_TIMER_BEYOND) < 0) {
      QueryOptions<T> current = options;
      intervalTimer = client.scheduler().schedule(next, () -> poll(current));
    }
  }

  private void poll(QueryOptions<T> current) {
    if (client.isClosed()) {
      return;
    }
    synchronized (lock) {
      if (!attached || options != current) {
        return; // Armed for older options: setOptions has armed the timers anew.
      }
    }
    var unused = fetchInto(current, false).exceptionally(error -> null);
  }

  private void stopTimers() {
    if (staleTimer != null) {
      staleTimer.cancel();
      staleTimer = null;
    }
    if (intervalTimer != null) {
      intervalTimer.cancel();
      intervalTimer = null;
    }
  }

  /** A listener's registration with an observer. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Removes the listener; the last removal stops observing. Idempotent. */
    @Override
    void close();
  }

  /**
   * One Flow subscriber. Every delivery decision runs on the observer's serial executor (results
   * arrive there as a listener; requests hop there), so results never overtake each other.
   */
  private static final class ResultSubscription<T> implements Flow.Subscription {
    private final QueryObserver<T> observer;
    private final Flow.Subscriber<? super QueryResult<T>> subscriber;
    private @Nullable QueryResult<T> pending;
    private long demand;
    private boolean cancelled;
    private @Nullable Registration registration;

    ResultSubscription(
        QueryObserver<T> observer, Flow.Subscriber<? super QueryResult<T>> subscriber) {
      this.observer = observer;
      this.subscriber = subscriber;
    }

    void start() {
      subscriber.onSubscribe(this);
      Registration registered;
      try {
        registered = observer.subscribe(this::offer);
      } catch (IllegalStateException closed) {
        synchronized (this) {
          cancelled = true;
        }
        subscriber.onError(closed); // Flow §1.9: signal, never throw from subscribe.
        return;
      }
      boolean cancelledMeanwhile;
      synchronized (this) {
        cancelledMeanwhile = cancelled;
        registration = registered;
      }
      if (cancelledMeanwhile) {
        registered.close();
      }
    }

    /** On the serial executor: a new result. */
    private void offer(QueryResult<T> result) {
      synchronized (this) {
        if (cancelled) {
          return;
        }
        pending = result;
      }
      send();
    }

    /** On the serial executor: sends the pending result if there is demand. */
    private void send() {
      QueryResult<T> toSend;
      synchronized (this) {
        if (cancelled || pending == null || demand == 0) {
          return;
        }
        toSend = pending;
        pending = null;
        demand--;
      }
      subscriber.onNext(toSend);
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancel();
        IllegalArgumentException error =
            new IllegalArgumentException("Flow §3.9: request a positive number, not " + n);
        observer.callbacks.execute(() -> subscriber.onError(error)); // Serial with onNext.
        return;
      }
      synchronized (this) {
        if (cancelled) {
          return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      observer.callbacks.execute(this::send);
    }

    @Override
    public void cancel() {
      Registration toClose;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        pending = null;
        toClose = registration;
      }
      if (toClose != null) {
        toClose.close();
      }
    }
  }
}
