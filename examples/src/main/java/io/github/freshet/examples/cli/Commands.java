package io.github.freshet.examples.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** What every command shares. */
final class Commands {
  /** The longest a single request may take from the command's point of view. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** How long a command that follows events waits for the event stream before it starts. */
  static final Duration EVENTS_CONNECT_WAIT = Duration.ofSeconds(10);

  private Commands() {}

  /** Returns the root command; picocli always injects it. */
  static FreshetCli root(@Nullable FreshetCli root) {
    if (root == null) {
      throw new IllegalStateException("picocli did not inject the root command");
    }
    return root;
  }

  /**
   * Waits for the server's answer, at most {@link #REQUEST_TIMEOUT}; an interrupt cancels it and is
   * rethrown. No answer in that time is {@link NoAnswer}: the server is as good as unreachable.
   */
  static <T extends @Nullable Object> T await(CompletableFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new NoAnswer(REQUEST_TIMEOUT);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
  }

  /** The server gave no answer in time (it accepted the connection, then said nothing). */
  static final class NoAnswer extends TimeoutException {
    private static final long serialVersionUID = 1L;

    NoAnswer(Duration waited) {
      super("no answer from the server within " + waited.toSeconds() + " s");
    }
  }

  /** What the command followed ended in failure on the server (an enrichment that failed, say). */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  /**
   * Waits for a future, at most {@code timeout}; a timeout or an interrupt cancels it and is
   * rethrown, the timeout with a message that says what was waited for.
   */
  static <T extends @Nullable Object> T await(
      CompletableFuture<T> future, Duration timeout, String what)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TimeoutException("gave up after " + timeout + " waiting for " + what);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
  }
}
