package io.github.freshet.examples.cli;

import io.github.freshet.client.BadRequestException;
import io.github.freshet.client.ConflictException;
import io.github.freshet.client.FreshetIoException;
import io.github.freshet.client.FreshetServiceException;
import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.PermissionDeniedException;
import io.github.freshet.client.RateLimitException;
import io.github.freshet.client.UnauthorizedException;
import io.github.freshet.client.UnprocessableEntityException;
import io.github.freshet.realtime.ConnectionState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The CLI's exit codes, one for each kind of failure a person or a script can act on. */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** The server failed (5xx), or something unexpected happened. */
  public static final int FAILURE = 1;

  /** The command line was wrong (picocli's usage error code). */
  public static final int USAGE = 2;

  /** The server could not be reached (connection refused, DNS, timeout), or gave no answer. */
  public static final int UNREACHABLE = 3;

  /** The server refused the token (401) or the action (403). */
  public static final int UNAUTHORIZED = 4;

  /** What was asked for does not exist (404). */
  public static final int NOT_FOUND = 5;

  /** The input is invalid: the server rejected it (400 or 422), or the CLI did before sending. */
  public static final int VALIDATION = 6;

  /** The server's state does not allow it now (409), e.g. the business is already enriching. */
  public static final int CONFLICT = 7;

  /** The CLI gave up waiting (--timeout); what it waited for may still go on on the server. */
  public static final int TIMED_OUT = 8;

  /** Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** Returns the exit code for a failure. */
  static int of(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof InterruptedException) {
      return INTERRUPTED;
    }
    if (cause instanceof UnauthorizedException || cause instanceof PermissionDeniedException) {
      return UNAUTHORIZED;
    }
    if (cause instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (cause instanceof ConflictException) {
      return CONFLICT;
    }
    if (cause instanceof Commands.NoAnswer) {
      return UNREACHABLE;
    }
    if (cause instanceof TimeoutException) {
      return TIMED_OUT;
    }
    if (cause instanceof BadRequestException || cause instanceof UnprocessableEntityException) {
      return VALIDATION;
    }
    if (cause instanceof FreshetIoException) {
      return UNREACHABLE;
    }
    if (cause instanceof IllegalArgumentException) {
      return VALIDATION; // Checked before sending, e.g. a page size out of range.
    }
    return FAILURE;
  }

  /** Prints what went wrong in words a person understands, and returns the exit code. */
  static int report(Throwable failure, Console console, boolean json) {
    Throwable cause = unwrap(failure);
    int code = of(cause);
    String message = describe(cause);
    console.error("freshet: %s", message);
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", message);
      body.put("exitCode", code);
      console.json(true).jsonLine(body); // One line: it may end a stream of one-line records.
    }
    if (code == INTERRUPTED) {
      Thread.currentThread().interrupt();
    }
    return code;
  }

  /** Returns the exit code for an event stream that closed for good. */
  static int ofClosed(ConnectionState.Closed closed) {
    return closed.kind() == ConnectionState.Closed.Kind.AUTHENTICATION ? UNAUTHORIZED : FAILURE;
  }

  static String describe(Throwable cause) {
    if (cause instanceof InterruptedException) {
      return "interrupted";
    }
    if (cause instanceof Commands.Failed) {
      return String.valueOf(cause.getMessage());
    }
    if (cause instanceof RateLimitException limit) {
      Duration wait = limit.response().retryAfter();
      return "the server is limiting requests (429)"
          + (wait == null ? "" : "; it asks to wait " + wait.toSeconds() + " s")
          + ".";
    }
    if (cause instanceof UnauthorizedException) {
      return "the server refused the token (401). Pass --token or set "
          + FreshetCli.TOKEN_VARIABLE
          + ".";
    }
    if (cause instanceof PermissionDeniedException) {
      return "the token may not do this (403).";
    }
    if (cause instanceof FreshetServiceException service) {
      String what;
      if (service instanceof NotFoundException) {
        what = "not found";
      } else if (service instanceof ConflictException) {
        what = "not possible now";
      } else if (service instanceof BadRequestException
          || service instanceof UnprocessableEntityException) {
        what = "rejected as invalid";
      } else {
        what = "the server failed";
      }
      return String.format(
          "%s (%d %s): %s",
          what, service.statusCode(), service.error().code(), service.error().message());
    }
    if (cause instanceof FreshetIoException) {
      return "cannot reach the server: " + cause.getMessage();
    }
    if (cause instanceof TimeoutException) {
      return cause.getMessage() == null ? "gave up waiting" : cause.getMessage();
    }
    if (cause instanceof IllegalArgumentException) {
      return "invalid input: " + cause.getMessage();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
