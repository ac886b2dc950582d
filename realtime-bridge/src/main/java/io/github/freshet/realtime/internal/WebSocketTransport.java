package io.github.freshet.realtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.realtime.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * Events over an OkHttp WebSocket: JSON text frames {@code {"type": ..., "data": ...}} ({@code
 * "event"} is accepted for the type). Dead connections are found by the OkHttp client's ping
 * interval. Close codes 1008 and 4000–4999 mean the server wants the client gone.
 */
public final class WebSocketTransport implements Transport {
  private final OkHttpClient client;
  private final String url;
  private final Supplier<@Nullable String> token;
  private final ObjectMapper mapper;
  private final int maxFrameBytes;

  /**
   * Creates the transport.
   *
   * @param client the client to connect with (its ping interval finds dead connections)
   * @param url the stream's ws:// or wss:// (or http(s)://) URL
   * @param token supplies the bearer token, asked at each connection
   * @param mapper parses frames
   * @param maxFrameBytes frames larger than this are malformed
   */
  public WebSocketTransport(
      OkHttpClient client,
      String url,
      Supplier<@Nullable String> token,
      ObjectMapper mapper,
      int maxFrameBytes) {
    this.client = client;
    this.url = url;
    this.token = token;
    this.mapper = mapper;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public Connection open(Listener listener, @Nullable String lastEventId) {
    Request.Builder request = new Request.Builder().url(url);
    String bearer = token.get();
    if (bearer != null && !bearer.isEmpty()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    AtomicBoolean ended = new AtomicBoolean();
    WebSocket socket =
        client.newWebSocket(
            request.build(),
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket webSocket, Response response) {
                listener.onOpen(false); // A WebSocket never resumes: events may have been missed.
              }

              @Override
              public void onMessage(WebSocket webSocket, String text) {
                frame(listener, text);
              }

              @Override
              public void onMessage(WebSocket webSocket, okio.ByteString bytes) {
                listener.onMalformed("binary frame");
              }

              @Override
              public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
                end(
                    ended,
                    listener,
                    code == 1008 || (code >= 4000 && code <= 4999)
                        ? new Disconnect(
                            Disconnect.Kind.SHUTDOWN, "Server closed with policy code " + code)
                        : new Disconnect(
                            Disconnect.Kind.CLOSED, "Server closed with code " + code));
              }

              @Override
              public void onClosed(WebSocket webSocket, int code, String reason) {
                end(
                    ended,
                    listener,
                    new Disconnect(Disconnect.Kind.CLOSED, "Closed with code " + code));
              }

              @Override
              public void onFailure(
                  WebSocket webSocket, Throwable error, @Nullable Response response) {
                if (response != null && response.code() == 401) {
                  end(
                      ended,
                      listener,
                      new Disconnect(Disconnect.Kind.UNAUTHORIZED, "401 on connect"));
                } else if (response != null && response.code() == 204) {
                  end(ended, listener, new Disconnect(Disconnect.Kind.SHUTDOWN, "204 on connect"));
                } else {
                  end(
                      ended,
                      listener,
                      new Disconnect(
                          Disconnect.Kind.FAILURE,
                          response != null && response.code() != 101
                              ? "status " + response.code() + " on connect"
                              : error.getClass().getSimpleName()));
                }
              }
            });
    return () -> {
      end(ended, listener, new Disconnect(Disconnect.Kind.LOCAL, "Closed by the bridge"));
      socket.cancel(); // After the local close is recorded: the failure it causes is ignored.
    };
  }

  private static void end(AtomicBoolean ended, Listener listener, Disconnect reason) {
    if (ended.compareAndSet(false, true)) {
      listener.onClosed(reason);
    }
  }

  private void frame(Listener listener, String text) {
    if (text.length() > maxFrameBytes
        || text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
      listener.onMalformed("frame over " + maxFrameBytes + " bytes");
      return;
    }
    JsonNode envelope;
    try {
      envelope = mapper.readTree(text);
    } catch (IOException e) {
      listener.onMalformed("not JSON");
      return;
    }
    if (envelope == null || !envelope.isObject()) {
      listener.onMalformed("not a JSON object");
      return;
    }
    JsonNode type = envelope.has("type") ? envelope.get("type") : envelope.get("event");
    if (type == null || !type.isTextual()) {
      listener.onMalformed("no type");
      return;
    }
    JsonNode data = envelope.get("data");
    JsonNode id = envelope.get("id");
    listener.onEvent(
        type.asText(),
        data == null || data.isNull() ? null : data.toString(),
        id == null || id.isNull() ? null : id.asText());
  }
}
