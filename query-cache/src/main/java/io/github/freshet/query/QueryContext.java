package io.github.freshet.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link QueryFunction} knows about the attempt it serves: the key, the attempt number, and
 * a cancellation signal that fires when the fetch is cancelled ({@code cancelQueries}, removal, a
 * refetch that replaces it). {@link #link(Future)} passes the signal on to an API client call, so
 * that cancelling a query closes its HTTP connection.
 *
 * @param <T> the type of the data
 */
public final class QueryContext<T> {
  private static final Logger log = LoggerFactory.getLogger(QueryContext.class);

  private final QueryKey<T> key;
  private final int attempt;
  private final List<Runnable> onCancel = new ArrayList<>();
  private boolean cancelled;

  QueryContext(QueryKey<T> key, int attempt) {
    this.key = key;
    this.attempt = attempt;
  }

  /**
   * Returns the key of the query being fetched.
   *
   * @return the key
   */
  public QueryKey<T> key() {
    return key;
  }

  /**
   * Returns which attempt this is: 1 for the first, 2 for the first retry.
   *
   * @return the attempt number
   */
  public int attempt() {
    return attempt;
  }

  /**
   * Returns whether the fetch was cancelled.
   *
   * @return {@code true} once cancelled
   */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Registers an action to run when the fetch is cancelled; runs it at once if it already was.
   *
   * @param action what to run, on the cancelling thread; must not block
   */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        onCancel.add(action);
        return;
      }
    }
    run(action);
  }

  /**
   * Cancels a future when the fetch is cancelled, and returns it: {@code return
   * ctx.link(api.executeAsync(...))}.
   *
   * @param future the future to cancel, such as an API client call's
   * @param <F> the future's type
   * @return {@code future}
   */
  public <F extends Future<?>> F link(F future) {
    onCancel(() -> future.cancel(true));
    return future;
  }

  void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = List.copyOf(onCancel);
      onCancel.clear();
    }
    actions.forEach(QueryContext::run);
  }

  private static void run(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("A cancellation action failed", e);
    }
  }
}
