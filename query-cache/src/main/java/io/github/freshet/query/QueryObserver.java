package io.github.freshet.query;

import io.github.freshet.query.internal.SerialExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
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
 * callback executor; a listener first receives the current result, then each change. A listener
 * that throws is logged and does not stop the others. Equal results are not delivered twice.
 *
 * <p>The entry is observed (never evicted, refetched by invalidations) from the first subscription
 * until the last one is closed or the observer is closed. Thread-safe.
 *
 * @param <T> the type of the data
 */
public final class QueryObserver<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryObserver.class);

  private final QueryClient client;
  private final SerialExecutor callbacks;
  private final List<Consumer<? super QueryResult<T>>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  // Guarded by lock.
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
    QueryResult<T> now;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("QueryObserver is closed");
      }
      first = !attached;
      attached = true;
      now = result(query.state());
      if (!now.equals(delivered)) {
        delivered = now;
        deliver(now); // To the listeners already there; the new one gets it below.
      }
      listeners.add(listener);
    }
    callbacks.execute(() -> accept(listener, now));
    if (first) {
      mount();
    }
    return () -> unsubscribe(listener);
  }

  private void unsubscribe(Consumer<? super QueryResult<T>> listener) {
    Query<T> detach = null;
    synchronized (lock) {
      if (!listeners.remove(listener) || !listeners.isEmpty() || !attached) {
        return;
      }
      attached = false;
      stopTimers();
      detach = query;
    }
    detach.removeObserver(this);
  }

  /**
   * Fetches now, replacing a fetch in flight if the entry has data, even if the query is disabled.
   *
   * @return the result after the fetch settled; never fails (a failed fetch shows in the result)
   */
  public CompletableFuture<QueryResult<T>> refetch() {
    Query<T> target = liveEntry();
    QueryOptions<T> current = options();
    return target.fetch(current, true).handle((value, error) -> current());
  }

  /**
   * Returns the entry to fetch into: the current one, or a new one if the current entry was removed
   * from the cache meanwhile (so that the fetched data lands where readers look).
   */
  private Query<T> liveEntry() {
    Query<T> removed;
    Query<T> fresh;
    boolean wasAttached;
    synchronized (lock) {
      if (client.isCached(query)) {
        return query;
      }
      removed = query;
      fresh = client.entry(options);
      query = fresh;
      wasAttached = attached;
    }
    try {
      if (wasAttached) {
        removed.removeObserver(this);
        fresh.addObserver(this);
      }
    } finally {
      client.release(fresh);
    }
    return fresh;
  }

  /**
   * Changes the options. A new key moves the observer to that entry (a new page, say): it fetches
   * there if needed, and shows placeholder data meanwhile if the options ask for it. Enabling a
   * disabled query fetches it if its data is missing or stale.
   *
   * @param newOptions the new options
   */
  public void setOptions(QueryOptions<T> newOptions) {
    Objects.requireNonNull(newOptions, "newOptions");
    Query<T> old;
    Query<T> next;
    boolean wasAttached;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("QueryObserver is closed");
      }
      old = query;
      wasAttached = attached;
      if (newOptions.key().equals(old.key)) {
        options = newOptions;
        next = old;
      } else {
        T shown = result(old.state()).data();
        if (shown != null) {
          previousData = shown;
        }
        stopTimers();
        options = newOptions;
        next = client.entry(newOptions);
        query = next;
      }
    }
    if (next != old) {
      try {
        if (wasAttached) {
          old.removeObserver(this);
        }
      } finally {
        client.release(next);
      }
    } else {
      next.setOptions(newOptions);
    }
    if (wasAttached) {
      mount();
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
    Query<T> detach = null;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      listeners.clear();
      stopTimers();
      if (attached) {
        attached = false;
        detach = query;
      }
    }
    if (detach != null) {
      detach.removeObserver(this);
    }
  }

  /** Attaches to the entry, fetches if needed, and arms timers. */
  private void mount() {
    Query<T> target;
    QueryOptions<T> current;
    synchronized (lock) {
      target = query;
      current = options;
    }
    target.addObserver(this);
    QueryState<T> state = target.state();
    if (current.enabled()
        && (state.data() == null
            || state.isStale(client.staleTime(current), client.clock().instant()))
        && state.fetchStatus() == FetchStatus.IDLE) {
      var unused = target.fetch(current, false).exceptionally(error -> null);
    }
    refresh(target);
  }

  /** Recomputes the result from the entry's latest state, read under this observer's lock. */
  private void refresh(Query<T> source) {
    synchronized (lock) {
      update(source, source.state());
    }
  }

  /** Called by the entry, under its lock, after each change of its state. */
  void onQueryUpdate(Query<T> source, QueryState<T> state) {
    synchronized (lock) {
      update(source, state);
    }
  }

  private void update(Query<T> source, QueryState<T> state) {
    if (source != query || !attached) {
      return;
    }
    QueryResult<T> next = result(state);
    armTimers(state);
    if (next.equals(delivered)) {
      return;
    }
    delivered = next;
    deliver(next);
  }

  /**
   * Hands a result to the listeners registered now, as one task, so that a listener whose reaction
   * changes the data (on a same-thread executor) cannot put a newer result ahead of this one for
   * the listeners after it.
   */
  private void deliver(QueryResult<T> result) {
    List<Consumer<? super QueryResult<T>>> targets = List.copyOf(listeners);
    callbacks.execute(() -> targets.forEach(listener -> accept(listener, result)));
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

  /** Re-arms the stale and polling timers after a change. Caller holds lock. */
  private void armTimers(QueryState<T> state) {
    stopTimers();
    if (!attached || !options.enabled()) {
      return;
    }
    Instant now = client.clock().instant();
    Duration staleTime = client.staleTime(options);
    Instant updatedAt = state.dataUpdatedAt();
    if (state.data() != null && updatedAt != null && !state.isStale(staleTime, now)) {
      Duration untilStale = Duration.between(now, updatedAt.plus(staleTime));
      Query<T> target = query;
      staleTimer = client.scheduler().schedule(untilStale, () -> refresh(target));
    }
    RefetchInterval<T> interval = options.refetchInterval();
    if (interval != null) {
      Duration next = interval.next(state);
      if (next != null && !next.isNegative() && !next.isZero()) {
        QueryOptions<T> current = options;
        intervalTimer = client.scheduler().schedule(next, () -> poll(current));
      }
    }
  }

  private void poll(QueryOptions<T> current) {
    var unused = liveEntry().fetch(current, false).exceptionally(error -> null);
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

  /** One Flow subscriber: delivers the latest result whenever it has demand. */
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
      Registration registered = observer.subscribe(this::offer);
      synchronized (this) {
        if (cancelled) {
          registered.close();
          return;
        }
        registration = registered;
      }
    }

    private void offer(QueryResult<T> result) {
      QueryResult<T> toSend = null;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        if (demand > 0) {
          demand--;
          toSend = result;
        } else {
          pending = result;
        }
      }
      if (toSend != null) {
        subscriber.onNext(toSend);
      }
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancel();
        subscriber.onError(
            new IllegalArgumentException("Flow §3.9: request a positive number, not " + n));
        return;
      }
      QueryResult<T> toSend = null;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (pending != null) {
          toSend = pending;
          pending = null;
          demand--;
        }
      }
      if (toSend != null) {
        QueryResult<T> send = toSend;
        observer.callbacks.execute(() -> subscriber.onNext(send));
      }
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
