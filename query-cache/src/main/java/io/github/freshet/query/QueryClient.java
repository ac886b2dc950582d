package io.github.freshet.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A query-key-addressed cache of server data with TanStack Query v5 semantics: stale and gc times,
 * one request for concurrent fetches of one key, retries, polling, observers, invalidation by key
 * prefix, and an online switch. Build one with {@link #builder()} and share it; it is thread-safe.
 *
 * <p>Reading: {@link #getQueryData} returns what is cached, without fetching; {@link #fetchQuery}
 * and {@link #ensureQueryData} fetch when needed; a {@link QueryObserver} (from {@link #observer})
 * keeps a query fresh while something subscribes to it. Writing: {@link #setQueryData} and {@link
 * #setQueriesData}. Refreshing: {@link #invalidateQueries}, {@link #refetchQueries}, {@link
 * #cancelQueries}, {@link #resetQueries}, {@link #removeQueries}.
 *
 * <p>Time and threads are injected: the {@link Clock} that says when data was fetched, the {@link
 * Scheduler} that runs stale, gc, retry and polling timers, and the executor that runs observer
 * listeners. {@link VirtualTime} provides a clock and scheduler for tests.
 *
 * <p>Memory: entries with observers, or with a fetch in flight, are never evicted. Others leave
 * {@code gcTime} after their last observer left or their last fetch settled, or earlier when {@link
 * Builder#maximumSize} needs the room.
 *
 * <p>Where Freshet deliberately differs from TanStack Query, {@code docs/semantics.md} says so and
 * why.
 */
public final class QueryClient implements AutoCloseable {
  private static final Duration FOREVER_THRESHOLD = Duration.ofDays(365L * 100);
  private static final int MAX_UPDATE_ATTEMPTS = 1_000;

  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor callbackExecutor;
  private final Duration staleTime;
  private final Duration gcTime;
  private final int retry;
  private final RetryDelay retryDelay;
  private final int mutationRetry;
  private final Set<Mutation<?, ?, ?>> mutations = ConcurrentHashMap.newKeySet();
  private final Map<String, ArrayDeque<Mutation<?, ?, ?>>> scopes = new HashMap<>(); // Guarded.
  private final List<Mutation<?, ?, ?>> paused = new ArrayList<>(); // Guarded by scopes.
  private final Cache<QueryKey<?>, Query<?>> cache;
  private final Policy<QueryKey<?>, Query<?>> policy;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final AtomicBoolean online = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong sequence = new AtomicLong();

  private QueryClient(Builder builder) {
    this.clock = builder.clock;
    this.staleTime = builder.staleTime;
    this.gcTime = builder.gcTime;
    this.retry = builder.retry;
    this.retryDelay = builder.retryDelay;
    this.mutationRetry = builder.mutationRetry;
    if (builder.scheduler != null) {
      this.scheduler = builder.scheduler;
    } else {
      ScheduledThreadPoolExecutor timers =
          new ScheduledThreadPoolExecutor(1, daemon("freshet-query-timer"));
      timers.setRemoveOnCancelPolicy(true);
      owned.add(timers::shutdownNow);
      this.scheduler = Scheduler.of(timers);
    }
    if (builder.callbackExecutor != null) {
      this.callbackExecutor = builder.callbackExecutor;
    } else {
      ExecutorService callbacks =
          Executors.newSingleThreadExecutor(daemon("freshet-query-callbacks"));
      owned.add(callbacks::shutdownNow);
      this.callbackExecutor = callbacks;
    }
    Caffeine<Object, Object> caffeine =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(this::nanoTime)
            .scheduler(this::scheduleMaintenance);
    Caffeine<QueryKey<?>, Query<?>> typed =
        caffeine.<QueryKey<?>, Query<?>>expireAfter(new GcExpiry());
    if (builder.maximumSize >= 0) {
      typed =
          typed
              .maximumWeight(builder.maximumSize)
              .weigher((key, query) -> query.isPinned() ? 0 : 1);
    }
    this.cache = typed.build();
    this.policy = cache.policy();
  }

  /**
   * Returns a builder with the defaults: stale time 0, gc time 5 minutes, 3 retries with delays of
   * {@code min(1000 · 2^failures, 30000)} ms, no size bound, a system clock, and a timer and a
   * listener thread of the client's own.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---- Reading ----

  /**
   * Returns the data cached under a key, without fetching. Takes no lock.
   *
   * @param key the key
   * @param <T> the type of the data
   * @return the data, or {@code null} if there is none
   */
  @SuppressWarnings("unchecked") // Keys are typed by what is cached under them.
  public <T> @Nullable T getQueryData(QueryKey<T> key) {
    Query<?> query = policy.getIfPresentQuietly(key);
    return query == null ? null : (T) query.state().data();
  }

  /**
   * Returns the state of the entry under a key, without fetching.
   *
   * @param key the key
   * @param <T> the type of the data
   * @return the state, or {@code null} if there is no entry
   */
  public <T> @Nullable QueryState<T> getQueryState(QueryKey<T> key) {
    Query<T> query = find(key);
    return query == null ? null : query.state();
  }

  /**
   * Returns the cached data if it is fresh by the options' stale time; otherwise fetches (joining a
   * fetch in flight). Unlike an observer's, this fetch retries only if the options set {@code
   * retry} (TanStack Query's {@code fetchQuery} does the same).
   *
   * @param options the query
   * @param <T> the type of the data
   * @return the data's future; fails with the fetch's last error
   */
  public <T> CompletableFuture<T> fetchQuery(QueryOptions<T> options) {
    Query<T> query = entry(options);
    try {
      QueryState<T> state = query.state();
      T data = state.data();
      if (data != null && !state.isStale(staleTime(options), clock.instant())) {
        return CompletableFuture.completedFuture(data); // entry() already took the options.
      }
      QueryOptions<T> once =
          options.retry() == null ? options.toBuilder().retry(0).build() : options;
      return query.fetch(once, false);
    } finally {
      release(query);
    }
  }

  /**
   * Fetches a query into the cache unless its data is fresh; never fails.
   *
   * @param options the query
   * @return a future that completes when the fetch settles, successfully or not
   */
  public CompletableFuture<Void> prefetchQuery(QueryOptions<?> options) {
    return fetchQuery(options).handle((value, error) -> null);
  }

  /**
   * Returns the cached data, stale or not, or fetches it if there is none.
   *
   * @param options the query
   * @param <T> the type of the data
   * @return the data's future
   */
  public <T> CompletableFuture<T> ensureQueryData(QueryOptions<T> options) {
    T data = getQueryData(options.key());
    return data != null ? CompletableFuture.completedFuture(data) : fetchQuery(options);
  }

  /**
   * Returns a new observer of a query. It does nothing until something {@linkplain
   * QueryObserver#subscribe subscribes}.
   *
   * @param options the query
   * @param <T> the type of the data
   * @return the observer; close it when done
   */
  public <T> QueryObserver<T> observer(QueryOptions<T> options) {
    requireOpen();
    return new QueryObserver<>(this, options);
  }

  /**
   * Returns a new mutation observer: it runs mutations of one kind and shows the latest one.
   *
   * @param options the mutation
   * @param <V> the variables' type
   * @param <R> the result's type
   * @param <C> the context's type
   * @return the observer
   */
  public <V, R, C> MutationObserver<V, R, C> mutationObserver(MutationOptions<V, R, C> options) {
    requireOpen();
    return new MutationObserver<>(this, Objects.requireNonNull(options, "options"));
  }

  /**
   * Returns how many mutations are pending (running, retrying, paused or queued in a scope).
   *
   * @return the count
   */
  public int isMutating() {
    return mutations.size();
  }

  /**
   * Returns how many pending mutations have a mutation key that starts with a prefix.
   *
   * @param prefix the prefix
   * @return the count
   */
  public int isMutating(QueryKey<?> prefix) {
    int count = 0;
    for (Mutation<?, ?, ?> mutation : mutations) {
      QueryKey<?> key = mutation.options.mutationKey();
      if (key != null && key.startsWith(prefix)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Returns how many matching entries are fetching (paused ones are not counted).
   *
   * @param filter which entries
   * @return the count
   */
  public int isFetching(QueryFilter filter) {
    int count = 0;
    for (Query<?> query : matching(filter)) {
      if (query.state().fetchStatus() == FetchStatus.FETCHING) {
        count++;
      }
    }
    return count;
  }

  /**
   * Returns every entry, for inspection.
   *
   * @return snapshots of the entries, in no particular order
   */
  public List<QuerySnapshot> snapshot() {
    List<QuerySnapshot> result = new ArrayList<>();
    for (Query<?> query : cache.asMap().values()) {
      result.add(query.snapshot());
    }
    return result;
  }

  // ---- Writing ----

  /**
   * Writes data under a key, creating the entry if needed. Observers hear of it; a value equal to
   * the cached one changes nothing and notifies nobody.
   *
   * @param key the key
   * @param data the data
   * @param <T> the type of the data
   * @return the data now cached (the previous instance if it was equal)
   */
  public <T> T setQueryData(QueryKey<T> key, T data) {
    Objects.requireNonNull(data, "data");
    T written = update(key, previous -> data, true);
    return Objects.requireNonNull(written);
  }

  /**
   * Writes data computed from the cached server data: {@code setQueryData} with an updater, in
   * TanStack Query's terms (a name of its own because Java cannot tell a value from a lambda when
   * both overloads are generic). The updater sees the server's data without the optimistic layers
   * of pending mutations, and its result replaces it; the layers stay on top. An updater that
   * returns {@code null} changes nothing and creates nothing; one that returns a value equal to the
   * cached one notifies nobody. The updater may run more than once if other writes race it.
   *
   * @param key the key
   * @param updater from the cached server data (null if none) to the new data (null for no change)
   * @param <T> the type of the data
   * @return the data now visible (optimistic layers applied), or {@code null} if there is none
   */
  public <T> @Nullable T updateQueryData(QueryKey<T> key, UnaryOperator<@Nullable T> updater) {
    return update(key, updater, false);
  }

  /**
   * Optimistic read-modify-write: the updater runs without a lock (it is user code), and the write
   * happens only if nobody wrote in between; otherwise it runs again on the new data.
   */
  private <T> @Nullable T update(
      QueryKey<T> key, UnaryOperator<@Nullable T> updater, boolean complete) {
    Objects.requireNonNull(updater, "updater");
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      Query<T> existing = find(key);
      T before = existing == null ? null : existing.baseData(); // Server data, without layers.
      T next = updater.apply(before);
      if (next == null) {
        return existing == null ? null : existing.state().data();
      }
      Query<T> query = entry(key, null);
      try {
        if (query.compareAndSetData(before, next, clock.instant(), complete)) {
          return query.state().data();
        }
      } finally {
        release(query);
      }
    }
    throw new java.util.ConcurrentModificationException(
        "Data of " + key + " kept changing during " + MAX_UPDATE_ATTEMPTS + " updates");
  }

  /**
   * Writes data into every matching entry whose data is of a type, such as every cached list of
   * businesses. Creates no entry.
   *
   * @param filter which entries
   * @param type the data type to update; entries holding something else are left alone
   * @param updater from the cached data to the new data (null, or an equal value, for no change)
   * @param <T> the data type
   * @return how many entries changed
   */
  @SuppressWarnings("unchecked") // Checked with type.isInstance before the cast.
  public <T> int setQueriesData(QueryFilter filter, Class<T> type, UnaryOperator<T> updater) {
    int changed = 0;
    for (Query<?> candidate : matching(filter)) {
      if (updateTyped(candidate, type, updater)) {
        changed++;
      }
    }
    return changed;
  }

  /** Compare-and-set on one entry's server data, if it holds a {@code type}. */
  @SuppressWarnings("unchecked") // Checked with type.isInstance before the cast.
  private <T> boolean updateTyped(Query<?> candidate, Class<T> type, UnaryOperator<T> updater) {
    Query<Object> query = (Query<Object>) candidate;
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      Object data = query.baseData(); // Layers stay on top of what this writes.
      if (!type.isInstance(data)) {
        return false;
      }
      T next = updater.apply(type.cast(data));
      if (next == null || next.equals(data)) {
        return false;
      }
      if (query.compareAndSetData(data, next, clock.instant(), false)) {
        return true;
      }
    }
    throw new java.util.ConcurrentModificationException(
        "Data of " + query.key + " kept changing during " + MAX_UPDATE_ATTEMPTS + " updates");
  }

  /**
   * Applies a change that the server announced (a realtime event) to one entry's server data,
   * without racing its fetches: the change applies at once, and if a fetch of the entry is in
   * flight it is also remembered and replayed onto that fetch's answer when it lands, so that an
   * HTTP response read on the server before the event never erases it. Optimistic layers stay on
   * top. An entry that does not exist or holds no data is left alone (a fetch in flight still gets
   * the event replayed).
   *
   * <p>The update must be safe to apply twice and to data that already includes the change (replay
   * does exactly that): compare versions, as the Lead API's {@code Business.isNewerThan} allows,
   * rather than blindly overwrite.
   *
   * @param key the entry
   * @param event from the server data to the changed data; must not return null
   * @param <T> the data's type
   * @return the visible data afterwards, or {@code null} if the entry has none
   */
  public <T> @Nullable T applyServerEvent(QueryKey<T> key, UnaryOperator<T> event) {
    Objects.requireNonNull(event, "event");
    Query<T> query = find(key);
    return query == null ? null : query.applyEvent(event);
  }

  // ---- Refreshing ----

  /**
   * Marks the matching entries stale and refetches the active ones.
   *
   * @param filter which entries
   * @return a future that completes when the refetches settle; never fails
   */
  public CompletableFuture<Void> invalidateQueries(QueryFilter filter) {
    return invalidateQueries(filter, RefetchType.ACTIVE);
  }

  /**
   * Marks the matching entries stale and refetches those that {@code refetchType} names. A fetch in
   * flight for an entry with data is replaced, so the refetched data is from after the
   * invalidation.
   *
   * @param filter which entries
   * @param refetchType which of them to refetch
   * @return a future that completes when the refetches settle; never fails
   */
  public CompletableFuture<Void> invalidateQueries(QueryFilter filter, RefetchType refetchType) {
    List<Query<?>> matches = matching(filter);
    for (Query<?> query : matches) {
      query.invalidate();
    }
    List<CompletableFuture<?>> refetches = new ArrayList<>();
    for (Query<?> query : matches) {
      boolean active = query.isActive();
      boolean refetch =
          switch (refetchType) {
            case ACTIVE -> active;
            case INACTIVE -> !active;
            case ALL -> true;
            case NONE -> false;
          };
      if (refetch && query.canRefetch()) {
        refetches.add(refetch(query));
      }
    }
    return settled(refetches);
  }

  /**
   * Refetches the matching entries that can fetch: those with an enabled observer, and unobserved
   * ones that were fetched before.
   *
   * @param filter which entries
   * @return a future that completes when the refetches settle; never fails
   */
  public CompletableFuture<Void> refetchQueries(QueryFilter filter) {
    List<CompletableFuture<?>> refetches = new ArrayList<>();
    for (Query<?> query : matching(filter)) {
      if (query.canRefetch()) {
        refetches.add(refetch(query));
      }
    }
    return settled(refetches);
  }

  /**
   * Cancels the fetches in flight of the matching entries: their function's cancellation signal
   * fires (closing an API client call linked to it) and each entry goes back to its state from
   * before the fetch.
   *
   * @param filter which entries
   */
  public void cancelQueries(QueryFilter filter) {
    for (Query<?> query : matching(filter)) {
      query.cancel();
    }
  }

  /**
   * Removes the matching entries, cancelling their fetches. Their observers keep their last result
   * until they next fetch.
   *
   * @param filter which entries
   */
  public void removeQueries(QueryFilter filter) {
    for (Query<?> query : matching(filter)) {
      if (cache.asMap().remove(query.key, query)) {
        query.destroy();
      }
    }
  }

  /**
   * Puts the matching entries back in their initial state (initial data included), cancelling their
   * fetches, and refetches the active ones.
   *
   * @param filter which entries
   * @return a future that completes when the refetches settle; never fails
   */
  public CompletableFuture<Void> resetQueries(QueryFilter filter) {
    List<CompletableFuture<?>> refetches = new ArrayList<>();
    for (Query<?> query : matching(filter)) {
      query.reset();
      if (query.isActive()) {
        refetches.add(refetch(query));
      }
    }
    return settled(refetches);
  }

  /** Removes every entry. */
  public void clear() {
    removeQueries(QueryFilter.all());
  }

  // ---- Online ----

  /**
   * Says whether the client can reach the server. Offline, new fetches and pending retries pause
   * ({@link FetchStatus#PAUSED}); back online, they continue at once, and stale active queries
   * refetch.
   *
   * @param online the new connectivity
   */
  public void setOnline(boolean online) {
    boolean wasOnline = this.online.getAndSet(online);
    if (!online || wasOnline) {
      return;
    }
    // Paused mutations go first, and queries refetch once they settled, so that the refetched
    // data includes the mutations' effects.
    List<Mutation<?, ?, ?>> resumed;
    synchronized (scopes) {
      resumed = List.copyOf(paused);
      paused.clear();
    }
    if (resumed.isEmpty()) {
      resumeQueries();
      return;
    }
    for (Mutation<?, ?, ?> mutation : resumed) {
      mutation.run();
    }
    var unused =
        CompletableFuture.allOf(
                resumed.stream()
                    .map(mutation -> mutation.promise.handle((value, error) -> null))
                    .toArray(CompletableFuture[]::new))
            .thenRun(this::resumeQueries);
  }

  private void resumeQueries() {
    if (!isOnline()) {
      return;
    }
    List<Query<?>> all = matching(QueryFilter.all());
    for (Query<?> query : all) {
      query.onOnline();
    }
    for (Query<?> query : all) {
      if (query.isActive() && query.isStale()) {
        refetchQuietly(query);
      }
    }
  }

  /**
   * Returns whether the client considers itself online.
   *
   * @return the connectivity last set, {@code true} at first
   */
  public boolean isOnline() {
    return online.get();
  }

  /**
   * Removes every entry and stops the timer and listener threads the client created (injected ones
   * stay). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Mutation<?, ?, ?> mutation : List.copyOf(mutations)) {
      mutation.abandon(); // Rolled back, failed with CancellationException.
    }
    clear();
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException("Could not close " + resource, e);
      }
    }
  }

  // ---- Internals shared with Query and QueryObserver ----

  Clock clock() {
    return clock;
  }

  int mutationRetry() {
    return mutationRetry;
  }

  RetryDelay retryDelay() {
    return retryDelay;
  }

  void startMutation(Mutation<?, ?, ?> mutation) {
    requireOpen();
    mutations.add(mutation);
    mutation.start();
  }

  /** Runs a mutation now, or queues it behind the earlier mutations of its scope. */
  void schedule(Mutation<?, ?, ?> mutation) {
    String scope = mutation.options.scope();
    if (scope != null) {
      synchronized (scopes) {
        ArrayDeque<Mutation<?, ?, ?>> queue =
            scopes.computeIfAbsent(scope, s -> new ArrayDeque<>());
        queue.add(mutation);
        if (queue.peek() != mutation) {
          return; // Runs when the ones before it finish.
        }
      }
    }
    mutation.run();
  }

  void parkPaused(Mutation<?, ?, ?> mutation) {
    synchronized (scopes) {
      if (!paused.contains(mutation)) {
        paused.add(mutation);
      }
    }
    if (isOnline()) { // Came online between the check and the parking.
      boolean stillParked;
      synchronized (scopes) {
        stillParked = paused.remove(mutation);
      }
      if (stillParked) { // Otherwise setOnline took it and runs it.
        mutation.run();
      }
    }
  }

  void finished(Mutation<?, ?, ?> mutation) {
    mutations.remove(mutation);
    if (closed.get()) {
      return; // Closing abandons the rest; start none of them.
    }
    Mutation<?, ?, ?> next = null;
    String scope = mutation.options.scope();
    synchronized (scopes) {
      paused.remove(mutation);
      ArrayDeque<Mutation<?, ?, ?>> queue = scope == null ? null : scopes.get(scope);
      if (queue != null) {
        boolean wasHead = queue.peek() == mutation;
        queue.remove(mutation);
        if (wasHead) {
          next = queue.peek();
        }
        if (queue.isEmpty()) {
          scopes.remove(scope);
        }
      }
    }
    if (next != null) {
      next.run();
    }
  }

  /** The cached entry under a key, without creating one. */
  <T> @Nullable Query<T> cached(QueryKey<T> key) {
    return find(key);
  }

  List<Query<?>> matchingEntries(QueryFilter filter) {
    return matching(filter);
  }

  /** A monotonic counter that orders fetch starts and mutation settlements. */
  long nextSequence() {
    return sequence.incrementAndGet();
  }

  boolean isClosed() {
    return closed.get();
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Executor callbackExecutor() {
    return callbackExecutor;
  }

  Duration defaultGcTime() {
    return gcTime;
  }

  Duration staleTime(QueryOptions<?> options) {
    return options.staleTime() != null ? options.staleTime() : staleTime;
  }

  int retry(QueryOptions<?> options) {
    return options.retry() != null ? options.retry() : retry;
  }

  RetryDelay retryDelay(QueryOptions<?> options) {
    return options.retryDelay() != null ? options.retryDelay() : retryDelay;
  }

  /** The entry for options, created if absent, held (pinned) until {@link #release}. */
  <T> Query<T> entry(QueryOptions<T> options) {
    return entry(options.key(), options);
  }

  @SuppressWarnings("unchecked") // The key's type is the entry's type.
  private <T> Query<T> entry(QueryKey<T> key, @Nullable QueryOptions<T> options) {
    requireOpen();
    Query<?> query =
        cache
            .asMap()
            .compute(
                key,
                (k, existing) -> {
                  Query<?> result = existing != null ? existing : new Query<>(this, key, options);
                  result.hold();
                  return result;
                });
    Query<T> typed = (Query<T>) Objects.requireNonNull(query);
    if (options != null && typed.options() != options) {
      try {
        typed.setOptions(options); // Outside compute: it may run listeners.
      } catch (RuntimeException | Error e) {
        release(typed); // The caller never gets the entry to release.
        throw e;
      }
    }
    return typed;
  }

  /** Whether an entry is still the one cached under its key (not removed, evicted or replaced). */
  boolean isCached(Query<?> query) {
    return policy.getIfPresentQuietly(query.key) == query;
  }

  void release(Query<?> query) {
    query.release();
    touch(query);
  }

  /**
   * Lets Caffeine re-read an entry's expiry and weight after it was pinned or unpinned. Must not be
   * called while holding an entry's lock: Caffeine's compute takes a lock of its own.
   */
  void touch(Query<?> query) {
    cache.asMap().computeIfPresent(query.key, (key, existing) -> existing);
  }

  @SuppressWarnings("unchecked")
  private <T> @Nullable Query<T> find(QueryKey<T> key) {
    return (Query<T>) policy.getIfPresentQuietly(key);
  }

  private List<Query<?>> matching(QueryFilter filter) {
    List<Query<?>> result = new ArrayList<>();
    for (Query<?> query : cache.asMap().values()) {
      if (filter.matchesKey(query.key) && filter.matches(query.snapshot())) {
        result.add(query);
      }
    }
    return result;
  }

  /** Refetches an entry with its latest options, held while the fetch starts. */
  <T> CompletableFuture<?> refetch(Query<T> query) {
    QueryOptions<T> options = query.options();
    if (options == null || !holdIfCached(query)) {
      // Written by hand (nothing to fetch with), or evicted or replaced since it was matched.
      return CompletableFuture.completedFuture(null);
    }
    try {
      return query.fetch(options, true);
    } finally {
      release(query);
    }
  }

  private <T> void refetchQuietly(Query<T> query) {
    QueryOptions<T> options = query.options();
    if (options != null && holdIfCached(query)) {
      try {
        var unused = query.fetch(options, false).exceptionally(error -> null);
      } finally {
        release(query);
      }
    }
  }

  /**
   * Holds an entry that is still the one cached under its key, so that Caffeine cannot expire or
   * evict it before the fetch about to start pins it (Caffeine re-reads the weight and expiry only
   * in a compute); the caller releases it.
   */
  private boolean holdIfCached(Query<?> query) {
    boolean[] held = {false};
    cache
        .asMap()
        .computeIfPresent(
            query.key,
            (key, existing) -> {
              if (existing == query) {
                query.hold();
                held[0] = true;
              }
              return existing;
            });
    return held[0];
  }

  private static CompletableFuture<Void> settled(List<CompletableFuture<?>> futures) {
    return CompletableFuture.allOf(
        futures.stream()
            .map(future -> future.handle((value, error) -> null))
            .toArray(CompletableFuture[]::new));
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("QueryClient is closed");
    }
  }

  /** Caffeine's ticker, on every read: {@code millis()} allocates nothing on a system clock. */
  private long nanoTime() {
    return TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }

  private java.util.concurrent.Future<?> scheduleMaintenance(
      Executor executor, Runnable command, long delay, TimeUnit unit) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Scheduler.Cancellable task =
        scheduler.schedule(
            Duration.ofNanos(unit.toNanos(delay)),
            () -> {
              executor.execute(command);
              done.complete(null);
            });
    return new MaintenanceFuture(done, task);
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static long nanos(Duration duration) {
    return duration.compareTo(FOREVER_THRESHOLD) >= 0 ? Long.MAX_VALUE : duration.toNanos();
  }

  /** gcTime as Caffeine's variable expiry: pinned entries never expire; the others after gcTime. */
  private static final class GcExpiry implements Expiry<QueryKey<?>, Query<?>> {
    @Override
    public long expireAfterCreate(QueryKey<?> key, Query<?> query, long currentTime) {
      return query.isPinned() ? Long.MAX_VALUE : nanos(query.gcTime());
    }

    @Override
    public long expireAfterUpdate(
        QueryKey<?> key, Query<?> query, long currentTime, long currentDuration) {
      return query.isPinned() ? Long.MAX_VALUE : nanos(query.gcTime());
    }

    @Override
    public long expireAfterRead(
        QueryKey<?> key, Query<?> query, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Caffeine's handle on a maintenance run scheduled on our scheduler. */
  private static final class MaintenanceFuture extends CompletableFuture<Void> {
    private final Scheduler.Cancellable task;

    MaintenanceFuture(CompletableFuture<Void> done, Scheduler.Cancellable task) {
      this.task = task;
      var unused = done.thenRun(() -> complete(null));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      task.cancel();
      return super.cancel(mayInterruptIfRunning);
    }
  }

  /** Builds a {@link QueryClient}; every setter validates its argument at once. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable Scheduler scheduler;
    private @Nullable Executor callbackExecutor;
    private Duration staleTime = Duration.ZERO;
    private Duration gcTime = Duration.ofMinutes(5);
    private int retry = 3;
    private RetryDelay retryDelay = RetryDelay.exponential();
    private long maximumSize = -1;
    private int mutationRetry = 0;

    private Builder() {}

    /**
     * Sets how many times a failed mutation is retried by default. Default 0: a mutation may not be
     * safe to repeat.
     *
     * @param retry 0 or more
     * @return this builder
     */
    public Builder mutationRetry(int retry) {
      if (retry < 0) {
        throw new IllegalArgumentException("retry must not be negative: " + retry);
      }
      this.mutationRetry = retry;
      return this;
    }

    /**
     * Sets the clock that stamps data and measures staleness.
     *
     * @param clock the clock; {@link VirtualTime#clock()} in tests
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler of stale, gc, retry and polling timers. By default the client runs one
     * daemon timer thread of its own, stopped on close.
     *
     * @param scheduler the scheduler; {@link VirtualTime#scheduler()} in tests
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets where observer listeners run. Each observer's listeners run one at a time, in order,
     * whatever the executor. By default the client runs one daemon listener thread of its own,
     * stopped on close; {@code Runnable::run} runs them on the thread that changed the data.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the default stale time. Default 0: data is stale as soon as it arrives.
     *
     * @param staleTime not negative
     * @return this builder
     */
    public Builder staleTime(Duration staleTime) {
      this.staleTime = nonNegative(staleTime, "staleTime");
      return this;
    }

    /**
     * Sets the default gc time. Default 5 minutes.
     *
     * @param gcTime not negative
     * @return this builder
     */
    public Builder gcTime(Duration gcTime) {
      this.gcTime = nonNegative(gcTime, "gcTime");
      return this;
    }

    /**
     * Sets how many times observers retry a failed fetch by default. Default 3.
     *
     * @param retry 0 or more
     * @return this builder
     */
    public Builder retry(int retry) {
      if (retry < 0) {
        throw new IllegalArgumentException("retry must not be negative: " + retry);
      }
      this.retry = retry;
      return this;
    }

    /**
     * Sets the default delay between retries. Default {@link RetryDelay#exponential()}.
     *
     * @param retryDelay the delay function
     * @return this builder
     */
    public Builder retryDelay(RetryDelay retryDelay) {
      this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
      return this;
    }

    /**
     * Bounds the number of unobserved, idle entries: beyond it, Caffeine evicts some of them before
     * their gc time. Observed entries and entries with a fetch in flight do not count and are never
     * evicted. Unbounded by default.
     *
     * @param maximumSize 0 or more
     * @return this builder
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public QueryClient build() {
      return new QueryClient(this);
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
