package io.github.freshet.query;

import io.github.freshet.query.internal.SerialExecutor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs mutations of one kind and shows the latest one's {@link MutationResult}. Get one from {@link
 * QueryClient#mutationObserver}.
 *
 * <p>Listeners receive the current result at once, then each change of the latest mutation's
 * result, in order and never concurrently, on the client's callback executor. Thread-safe.
 *
 * @param <V> the variables' type
 * @param <R> the result's type
 * @param <C> the type of the context that {@code onMutate} returns
 */
public final class MutationObserver<V, R, C> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MutationObserver.class);

  private final QueryClient client;
  private final MutationOptions<V, R, C> options;
  private final SerialExecutor callbacks;
  private final List<Consumer<? super MutationResult<V, R>>> listeners =
      new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private @Nullable Mutation<V, R, C> latest;
  private MutationResult<V, R> delivered = MutationResult.idle();
  private boolean closed;

  MutationObserver(QueryClient client, MutationOptions<V, R, C> options) {
    this.client = client;
    this.options = options;
    this.callbacks = new SerialExecutor(client.callbackExecutor());
  }

  /**
   * Starts a mutation: {@code onMutate} runs now, on this thread; the function runs when the client
   * is online and the mutation's scope is free.
   *
   * @param variables what to change
   * @return the function's result; fails with its last error (after the rollback and the callbacks
   *     ran)
   * @throws IllegalStateException if the observer or the client is closed
   */
  public CompletableFuture<R> mutate(V variables) {
    Objects.requireNonNull(variables, "variables");
    Mutation<V, R, C> mutation;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("MutationObserver is closed");
      }
      mutation = new Mutation<>(client, client.nextSequence(), options, variables, this::onResult);
      latest = mutation;
    }
    client.startMutation(mutation);
    return mutation.promise;
  }

  /**
   * Returns the latest mutation's result, or an idle one.
   *
   * @return the current result
   */
  public MutationResult<V, R> current() {
    synchronized (lock) {
      return latest == null ? MutationResult.idle() : latest.result();
    }
  }

  /**
   * Adds a listener: it receives the current result at once, then every change.
   *
   * @param listener receives results, on the client's callback executor
   * @return a registration whose {@code close()} removes the listener
   */
  public QueryObserver.Registration subscribe(Consumer<? super MutationResult<V, R>> listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      listeners.add(listener);
      MutationResult<V, R> now = delivered;
      callbacks.enqueue(() -> accept(listener, now));
    }
    callbacks.flush();
    AtomicBoolean removed = new AtomicBoolean();
    return () -> {
      if (removed.compareAndSet(false, true)) { // Idempotent: never another registration's copy.
        listeners.remove(listener);
      }
    };
  }

  /** Forgets the latest mutation (it still runs to its end) and shows an idle result. */
  public void reset() {
    synchronized (lock) {
      latest = null;
      deliver(MutationResult.idle());
    }
    callbacks.flush();
  }

  /** Removes every listener; mutations already started run to their end. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      listeners.clear();
    }
  }

  private void onResult(Mutation<V, R, C> mutation, MutationResult<V, R> result) {
    synchronized (lock) {
      if (mutation != latest) {
        return;
      }
      deliver(result);
    }
    callbacks.flush();
  }

  /** Caller holds lock. */
  private void deliver(MutationResult<V, R> result) {
    if (result.equals(delivered)) {
      return;
    }
    delivered = result;
    List<Consumer<? super MutationResult<V, R>>> targets = List.copyOf(listeners);
    callbacks.enqueue(() -> targets.forEach(listener -> accept(listener, result)));
  }

  private static <V, R> void accept(
      Consumer<? super MutationResult<V, R>> listener, MutationResult<V, R> result) {
    try {
      listener.accept(result);
    } catch (RuntimeException e) {
      log.warn("A mutation listener threw; the others still run", e);
    }
  }
}
