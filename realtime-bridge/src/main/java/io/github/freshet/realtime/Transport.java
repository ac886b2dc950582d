package io.github.freshet.realtime;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Opens connections to a server's event stream: one {@link #open} per connection attempt. The
 * {@link RealtimeBridge} decides when to open one (and when to reconnect); a transport never
 * reconnects by itself. Small on purpose, so that WebSocket, SSE and later Socket.IO fit it.
 *
 * <p>Create one with {@link Transports}.
 */
public interface Transport {
  /**
   * Starts connecting. The listener hears {@code onOpen} at most once, then events, and {@code
   * onClosed} exactly once (also when connecting fails), after which nothing more.
   *
   * @param listener receives what happens on this connection, on the transport's threads
   * @param lastEventId the id of the last event received on an earlier connection, or {@code null}
   * @return the connection, to close from the bridge's side
   */
  Connection open(Listener listener, @Nullable String lastEventId);

  /** One connection. */
  interface Connection {
    /** Closes the connection; {@code onClosed} follows unless it already came. Idempotent. */
    void close();
  }

  /** What happens on one connection. */
  interface Listener {
    /**
     * The connection is open.
     *
     * @param resumed whether the server resumes from the last event id, so that no event was missed
     *     while disconnected
     */
    void onOpen(boolean resumed);

    /**
     * An event arrived.
     *
     * @param type the event's type
     * @param data the event's data as JSON text, or {@code null} if it has none
     * @param id the event's id, or {@code null}
     */
    void onEvent(String type, @Nullable String data, @Nullable String id);

    /**
     * A frame arrived that is not an event (not JSON, no type, too large).
     *
     * @param reason what is wrong with it, never its content
     */
    void onMalformed(String reason);

    /**
     * The server asked for a reconnect delay (SSE {@code retry:}).
     *
     * @param delay the delay
     */
    void onRetryHint(Duration delay);

    /**
     * The connection ended; no further calls.
     *
     * @param reason why
     */
    void onClosed(Disconnect reason);
  }

  /**
   * Why a connection ended.
   *
   * @param kind the kind of ending, which decides whether the bridge reconnects
   * @param message a description for people
   */
  record Disconnect(Kind kind, String message) {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public Disconnect {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    /** The kinds of ending. */
    public enum Kind {
      /** The network failed, or the connection went silent: reconnect. */
      FAILURE,
      /** The server closed the stream normally: reconnect. */
      CLOSED,
      /** The server rejected the credentials (401): refresh the token once, else stop. */
      UNAUTHORIZED,
      /** The server told the client to go away (policy close, 204): stop. */
      SHUTDOWN,
      /** The bridge closed the connection itself. */
      LOCAL
    }
  }
}
