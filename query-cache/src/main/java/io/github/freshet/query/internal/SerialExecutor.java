package io.github.freshet.query.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor: never two at once, even
 * when the delegate has many threads or runs tasks on the caller's thread (a task that submits
 * another sees it run after it returns, not inside it). A task that throws is logged and does not
 * stop the ones after it.
 */
public final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private boolean draining;

  /**
   * Creates a serial executor.
   *
   * @param delegate where the tasks run
   */
  public SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (draining) {
        return;
      }
      draining = true;
    }
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        queue.clear();
        draining = false;
      }
      log.debug("Callback executor rejected a task; dropping queued callbacks", e);
    }
  }

  private void drain() {
    while (true) {
      @Nullable Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        log.warn("A listener threw; the others still run", e);
      }
    }
  }
}
