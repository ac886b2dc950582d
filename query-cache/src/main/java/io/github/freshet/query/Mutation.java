package io.github.freshet.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a mutation: its optimistic layers, attempts, callbacks and result.
 *
 * <p>Implementation notes. The mutation's own state is guarded by this object's lock; entries are
 * only touched through their own methods, with this lock released. The result is published through
 * a volatile field and handed to one listener (its observer), which queues it.
 */
final class Mutation<V, R, C> implements Optimistic {
  private static final Logger log = LoggerFactory.getLogger(Mutation.class);

  final long id;
  final MutationOptions<V, R, C> options;
  final V variables;
  private final QueryClient client;
  private final java.util.function.BiConsumer<Mutation<V, R, C>, MutationResult<V, R>> listener;
  final CompletableFuture<R> promise = new CompletableFuture<>();
  private volatile MutationResult<V, R> result;

  // Guarded by this.
  private final List<Query<?>> layered = new ArrayList<>();
  private @Nullable C context;
  private int failures;
  private boolean settled;
  private boolean succeeded; // Once settled: the outcome, and when, for a layer added late.
  private long settledAt;
  private boolean attemptInFlight;

  Mutation(
      QueryClient client,
      long id,
      MutationOptions<V, R, C> options,
      V variables,
      java.util.function.BiConsumer<Mutation<V, R, C>, MutationResult<V, R>> listener) {
    this.client = client;
    this.id = id;
    this.options = options;
    this.variables = variables;
    this.listener = listener;
    this.result =
        new MutationResult<>(
            MutationStatus.PENDING,
            variables,
            null,
            null,
            0,
            null,
            false,
            client.clock().instant());
  }

  MutationResult<V, R> result() {
    return result;
  }

  /** Runs onMutate, then hands the mutation to the client, which runs it when it may. */
  void start() {
    publish(result);
    MutationOptions.OnMutate<V, C> onMutate = options.onMutate();
    if (onMutate != null) {
      try {
        C returned = onMutate.onMutate(variables, this);
        synchronized (this) {
          context = returned;
        }
      } catch (RuntimeException | Error e) {
        settle(null, e); // Nothing ran on the server: roll back what onMutate applied.
        return;
      }
    }
    client.schedule(this);
  }

  /** Called by the client when the scope is free: paused if offline, else one attempt. */
  void run() {
    boolean online = client.isOnline();
    synchronized (this) {
      if (settled || attemptInFlight) {
        return; // Already done, or already running (resumed twice): never send twice.
      }
      attemptInFlight = online;
    }
    if (!online) {
      pause();
      return;
    }
    setPaused(false);
    CompletionStage<R> stage;
    try {
      stage = Objects.requireNonNull(options.function().mutate(variables), "no stage");
    } catch (Exception | Error e) {
      stage = CompletableFuture.failedFuture(e);
    }
    var unused = stage.whenComplete(this::onAttempt);
  }

  private void pause() {
    setPaused(true);
    client.parkPaused(this);
  }

  private void setPaused(boolean paused) {
    MutationResult<V, R> now = result;
    if (now.paused() != paused && now.isPending()) {
      publish(
          new MutationResult<>(
              now.status(),
              now.variables(),
              now.data(),
              now.error(),
              now.failureCount(),
              now.failureReason(),
              paused,
              now.submittedAt()));
    }
  }

  private void onAttempt(@Nullable R value, @Nullable Throwable error) {
    synchronized (this) {
      attemptInFlight = false;
      if (settled) {
        return;
      }
    }
    if (error == null && value != null) {
      settle(value, null);
      return;
    }
    Throwable failure =
        error != null
            ? Query.unwrap(error)
            : new NullPointerException("The mutation function completed with null");
    int retry = options.retry() != null ? options.retry() : client.mutationRetry();
    Duration delay;
    int failed;
    synchronized (this) {
      if (failures >= retry) {
        failed = -1;
        delay = Duration.ZERO;
      } else {
        RetryDelay retryDelay =
            options.retryDelay() != null ? options.retryDelay() : client.retryDelay();
        delay = retryDelay.delay(failures, failure);
        failed = ++failures;
      }
    }
    if (failed < 0) {
      settle(null, failure);
      return;
    }
    MutationResult<V, R> now = result;
    publish(
        new MutationResult<>(
            MutationStatus.PENDING,
            variables,
            null,
            null,
            failed,
            failure,
            false,
            now.submittedAt()));
    client.scheduler().schedule(delay, this::run);
  }

  /** Success or failure, once: layers settled or rolled back, callbacks, result, next in scope. */
  private void settle(@Nullable R data, @Nullable Throwable error) {
    List<Query<?>> changed;
    C ctx;
    long at;
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
      succeeded = error == null;
      at = client.nextSequence();
      settledAt = at;
      changed = List.copyOf(layered);
      layered.clear();
      ctx = context;
    }
    try {
      if (error == null) {
        for (Query<?> query : changed) {
          query.settleLayers(id, at);
        }
        R value = Objects.requireNonNull(data);
        callback(
            "onSuccess",
            () -> {
              MutationOptions.OnSuccess<V, R, C> onSuccess = options.onSuccess();
              if (onSuccess != null) {
                onSuccess.onSuccess(value, variables, ctx);
              }
            });
      } else {
        for (Query<?> query : changed) {
          query.removeLayers(id); // An entry removed meanwhile: harmless, nobody reads it.
        }
        callback(
            "onError",
            () -> {
              MutationOptions.OnError<V, C> onError = options.onError();
              if (onError != null) {
                onError.onError(error, variables, ctx);
              }
            });
      }
      callback(
          "onSettled",
          () -> {
            MutationOptions.OnSettled<V, R, C> onSettled = options.onSettled();
            if (onSettled != null) {
              onSettled.onSettled(data, error, variables, ctx);
            }
          });
      MutationResult<V, R> now = result;
      publish(
          new MutationResult<>(
              error == null ? MutationStatus.SUCCESS : MutationStatus.ERROR,
              variables,
              data,
              error,
              error == null ? 0 : now.failureCount() + 1,
              error,
              false,
              now.submittedAt()));
      if (error == null) {
        // Let server data that reflects the change land, so that the settled layers go.
        for (Query<?> query : changed) {
          var unused = client.invalidateQueries(QueryFilter.exact(query.key));
        }
      }
    } finally {
      // Whatever a callback or listener threw: the scope moves on and the caller hears the
      // outcome, in that order, so that isMutating() no longer counts this one when it does.
      try {
        client.finished(this);
      } finally {
        if (error == null) {
          promise.complete(data);
        } else {
          promise.completeExceptionally(error);
        }
      }
    }
  }

  /** The client closed before this mutation settled: roll it back and fail it. */
  void abandon() {
    settle(null, new CancellationException("QueryClient closed before the mutation settled"));
  }

  private void callback(String name, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("{} of a mutation threw; the mutation's outcome stands", name, e);
    }
  }

  private void publish(MutationResult<V, R> next) {
    result = next;
    listener.accept(this, next);
  }

  // ---- Optimistic ----

  @Override
  public <T> void update(QueryKey<T> key, UnaryOperator<T> updater) {
    Objects.requireNonNull(updater, "updater");
    Query<T> query = client.cached(key);
    if (query != null && query.state().data() != null) {
      layer(query, updater);
    }
  }

  @Override
  public <T> void updateAll(QueryFilter filter, Class<T> type, UnaryOperator<T> updater) {
    Objects.requireNonNull(updater, "updater");
    for (Query<?> query : client.matchingEntries(filter)) {
      if (type.isInstance(query.state().data())) {
        layerTyped(query, type, updater);
      }
    }
  }

  private <T, D> void layerTyped(Query<D> query, Class<T> type, UnaryOperator<T> updater) {
    layer(
        query,
        data -> {
          if (!type.isInstance(data)) {
            return data;
          }
          @SuppressWarnings("unchecked") // The entry holds a T: checked just above.
          D changed = (D) updater.apply(type.cast(data));
          return changed;
        });
  }

  private <T> void layer(Query<T> query, UnaryOperator<T> updater) {
    synchronized (this) {
      if (settled) {
        throw new IllegalStateException("Optimistic updates belong in onMutate");
      }
      if (!layered.contains(query)) {
        layered.add(query);
      }
    }
    query.addLayer(id, updater);
    // The mutation may have settled on another thread between the check and the layer (close(),
    // say): then its settling missed this layer, which would stay pending for ever. Do it here.
    boolean late;
    boolean ok;
    long at;
    synchronized (this) {
      late = settled;
      ok = succeeded;
      at = settledAt;
    }
    if (late) {
      if (ok) {
        query.settleLayers(id, at);
        var unused = client.invalidateQueries(QueryFilter.exact(query.key)); // As settle() does.
      } else {
        query.removeLayers(id);
      }
    }
  }
}
