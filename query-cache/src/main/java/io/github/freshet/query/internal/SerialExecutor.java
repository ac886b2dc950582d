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
 * another sees it run after it returns, not inside it).
 *
 * <p>Submitting is split in two so that callers holding locks never run tasks: {@link #enqueue}
 * only queues (safe under any lock), {@link #flush} hands the queue to the delegate and must be
 * called with no lock held, since a same-thread delegate runs the tasks right there. A task that
 * throws is logged and does not stop the ones after it.
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

  /** Queues a task and starts draining: {@link #enqueue} then {@link #flush}. */
  @Override
  public void execute(Runnable task) {
    enqueue(task);
    flush();
  }

  /**
   * Queues a task without running anything.
   *
   * @param task the task
   */
  public synchronized void enqueue(Runnable task) {
    queue.add(task);
  }

  /** Starts draining the queue on the delegate, unless a drain is already under way. */
  public void flush() {
    synchronized (this) {
      if (draining || queue.isEmpty()) {
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
    boolean finished = false;
    try {
      while (true) {
        @Nullable Runnable next;
        synchronized (this) {
          next = queue.poll();
          if (next == null) {
            draining = false;
            finished = true;
            return;
          }
        }
        try {
          next.run();
        } catch (RuntimeException e) {
          log.warn("A queued task threw; the ones after it still run", e);
        }
      }
    } finally {
      if (!finished) { // An Error escaped a task: let the next flush drain the rest.
        synchronized (this) {
          draining = false;
        }
      }
    }
  }
}
