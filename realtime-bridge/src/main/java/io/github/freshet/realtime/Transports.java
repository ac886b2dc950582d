package io.github.freshet.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.realtime.internal.SseTransport;
import io.github.freshet.realtime.internal.WebSocketTransport;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Creates {@link Transport}s. */
public final class Transports {
  /** The largest frame accepted by default: 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

  /** The WebSocket ping interval used when none is given: 15 s. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);

  /**
   * The response header by which an SSE server confirms that it resumes from the {@code
   * Last-Event-ID} a client sent: its value is that id, and every later event is replayed. Without
   * it a reconnect does not count as resumed and the bridge resyncs.
   */
  public static final String SSE_RESUMED_FROM_HEADER = "X-Resumed-From";

  /** The SSE read timeout used when none is given: 30 s (servers send heartbeats more often). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private Transports() {}

  /**
   * Returns a WebSocket transport that pings every {@link #DEFAULT_PING_INTERVAL}.
   *
   * @param client the client to derive from (shares its pools)
   * @param url the stream's URL (ws, wss, http or https)
   * @param token supplies the bearer token at each connection; {@code null} for none
   * @param mapper parses frames (the API client's, so that events decode alike)
   * @return the transport
   */
  public static Transport webSocket(
      OkHttpClient client, String url, Supplier<@Nullable String> token, ObjectMapper mapper) {
    return webSocket(client, url, token, mapper, DEFAULT_PING_INTERVAL);
  }

  /**
   * Returns a Server-Sent Events transport with the {@link #DEFAULT_READ_TIMEOUT}.
   *
   * @param client the client to derive from (shares its pools)
   * @param url the stream's URL
   * @param token supplies the bearer token at each connection; {@code null} for none
   * @return the transport
   */
  public static Transport sse(OkHttpClient client, String url, Supplier<@Nullable String> token) {
    return sse(client, url, token, DEFAULT_READ_TIMEOUT);
  }

  /**
   * Returns a WebSocket transport. Dead connections are found by pings every {@code pingInterval}
   * (default {@link #DEFAULT_PING_INTERVAL}); the given client is derived from, not changed, and
   * stays the caller's to close.
   *
   * @param client the client to derive from (shares its pools)
   * @param url the stream's URL (ws, wss, http or https)
   * @param token supplies the bearer token at each connection; {@code null} for none
   * @param mapper parses frames (the API client's, so that events decode alike)
   * @param pingInterval how often to ping; a missing pong fails the connection
   * @return the transport
   */
  public static Transport webSocket(
      OkHttpClient client,
      String url,
      Supplier<@Nullable String> token,
      ObjectMapper mapper,
      Duration pingInterval) {
    Objects.requireNonNull(url, "url");
    OkHttpClient pinging = client.newBuilder().pingInterval(pingInterval).build();
    return new WebSocketTransport(pinging, url, token, mapper, DEFAULT_MAX_FRAME_BYTES);
  }

  /**
   * Returns a Server-Sent Events transport. It sends {@code Last-Event-ID} when reconnecting (a
   * reconnect counts as resumed, with no resync, only if the server answers with {@link
   * #SSE_RESUMED_FROM_HEADER}) and hands the server's {@code retry:} to the bridge. Dead
   * connections are found by the read timeout (default {@link #DEFAULT_READ_TIMEOUT}), so the
   * server must send heartbeats more often; the given client is derived from, not changed, and
   * stays the caller's to close.
   *
   * @param client the client to derive from (shares its pools)
   * @param url the stream's URL
   * @param token supplies the bearer token at each connection; {@code null} for none
   * @param readTimeout the longest silence before the connection counts as dead
   * @return the transport
   */
  public static Transport sse(
      OkHttpClient client, String url, Supplier<@Nullable String> token, Duration readTimeout) {
    Objects.requireNonNull(url, "url");
    OkHttpClient streaming =
        client.newBuilder().readTimeout(readTimeout).callTimeout(Duration.ZERO).build();
    return new SseTransport(streaming, url, token, DEFAULT_MAX_FRAME_BYTES);
  }
}
