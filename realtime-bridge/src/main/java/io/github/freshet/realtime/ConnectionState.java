package io.github.freshet.realtime;

import java.time.Duration;
import java.util.Objects;

/** Where the bridge's connection stands. One of four records; compare with {@code instanceof}. */
public sealed interface ConnectionState {
  /** Connecting for the first time, or right after a token refresh. */
  record Connecting() implements ConnectionState {}

  /** Open: events flow. */
  record Open() implements ConnectionState {}

  /**
   * Waiting to reconnect.
   *
   * @param attempt the reconnect attempt that comes next, from 1
   * @param delay how long the bridge waits before it
   * @param cause why the last connection ended or could not open, for people: for example {@code
   *     status 404 on connect}, {@code ConnectException} or {@code The server ended the stream}
   */
  record Reconnecting(int attempt, Duration delay, String cause) implements ConnectionState {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the delay or the cause is null
     */
    public Reconnecting {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Closed for good: by the application, or because the server said so or rejected the token.
   *
   * @param kind why, for code: an application can ask for a new login on {@link
   *     Kind#AUTHENTICATION}, say
   * @param reason why, for people
   */
  record Closed(Kind kind, String reason) implements ConnectionState {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public Closed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    /** Why the bridge closed. */
    public enum Kind {
      /** The application called {@code close()}. */
      APPLICATION,
      /** The server told the client to go away (a policy close code, a 204 on connect). */
      SERVER_SHUTDOWN,
      /** The server rejected the token, and the token refresher (if any) did not help. */
      AUTHENTICATION,
      /** The bridge could not go on (its scheduler refused a timer). */
      FAILURE
    }
  }
}
