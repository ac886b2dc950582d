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
   * @param reason why
   */
  record Closed(String reason) implements ConnectionState {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the reason is null
     */
    public Closed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
