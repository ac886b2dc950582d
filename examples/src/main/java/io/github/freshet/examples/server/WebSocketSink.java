package io.github.freshet.examples.server;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket client. Sends are asynchronous; a client with too many frames in flight is too slow
 * and is closed rather than letting its frames pile up in memory.
 */
final class WebSocketSink implements EventLog.Sink {
  /** WebSocket close code 1001: the server is going away. */
  static final int GOING_AWAY = 1001;

  /** WebSocket close code 1013: try again later; the bridge reconnects. */
  private static final int TRY_AGAIN_LATER = 1013;

  private static final int MAX_IN_FLIGHT = 1024;

  private final Session session;
  private final Runnable onFailure;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();

  WebSocketSink(Session session, Runnable onFailure) {
    this.session = session;
    this.onFailure = onFailure;
  }

  @Override
  public boolean offer(EventLog.Event event) {
    if (ended.get() || !session.isOpen()) {
      return false;
    }
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      return false;
    }
    session.sendText(
        event.webSocket(), Callback.from(inFlight::decrementAndGet, failure -> onFailure.run()));
    return true;
  }

  @Override
  public void heartbeat() {
    if (!ended.get() && session.isOpen()) {
      session.sendPing(ByteBuffer.allocate(0), Callback.from(() -> {}, failure -> onFailure.run()));
    }
  }

  @Override
  public void end() {
    close(GOING_AWAY, "going away");
  }

  @Override
  public void drop() {
    close(TRY_AGAIN_LATER, "too slow");
  }

  private void close(int code, String reason) {
    if (ended.compareAndSet(false, true) && session.isOpen()) {
      session.close(code, reason, Callback.NOOP);
    }
  }
}
