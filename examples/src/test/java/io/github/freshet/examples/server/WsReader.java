package io.github.freshet.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client that records text frames, pings and the close code. Every event frame is
 * checked against the event's schema. Each wait is bounded.
 */
final class WsReader implements WebSocket.Listener, AutoCloseable {
  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Integer> pings = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  WsReader(String url, String token) throws Exception {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .buildAsync(URI.create(url), this)
            .get(30, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        JsonNode frame = TestHttp.JSON.readTree(partial.toString());
        JsonNode payload = frame.get("data");
        Contract.assertEvent(
            frame.path("type").asText(), payload == null ? null : payload.toString());
        frames.add(frame);
      } catch (Exception e) {
        closeCode.completeExceptionally(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    pings.add(1);
    webSocket.request(1);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }

  JsonNode awaitFrame(Predicate<JsonNode> wanted) throws InterruptedException {
    while (true) {
      JsonNode frame = frames.poll(30, TimeUnit.SECONDS);
      assertThat(frame).as("a WebSocket frame within 30 s").isNotNull();
      if (frame != null && wanted.test(frame)) {
        return frame;
      }
    }
  }

  void awaitPing() throws InterruptedException {
    assertThat(pings.poll(30, TimeUnit.SECONDS)).as("a ping within 30 s").isNotNull();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
