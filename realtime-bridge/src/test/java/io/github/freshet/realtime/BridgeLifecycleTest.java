package io.github.freshet.realtime;

import static io.github.freshet.realtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.query.QueryClient;
import io.github.freshet.query.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's lifecycle against a transport the test drives by hand: closing while the event
 * thread is stuck, callbacks after a connection ended, listeners that fail.
 */
final class BridgeLifecycleTest {
  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client =
      QueryClient.builder().clock(time.clock()).scheduler(time.scheduler()).build();
  private final FakeTransport transport = new FakeTransport();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    client.close();
  }

  private RealtimeBridge.Builder bridge() {
    return RealtimeBridge.builder(client, transport)
        .scheduler(time.scheduler())
        .clock(time.clock())
        .reconnectPolicy(ReconnectPolicy.builder().jitter(0).build())
        .closeTimeout(Duration.ofMillis(200));
  }

  @Test
  void closeWhileAHandlerIsStuck_stillClosesTheConnection() {
    RealtimeBridge bridge = bridge().build();
    bridge.on("slow", (type, data) -> awaitRelease());
    bridge.start();
    await("a connection", () -> transport.opened.size() == 1);
    FakeTransport.Opened first = transport.opened.get(0);
    first.listener.onOpen(false);
    await("open", () -> bridge.state() instanceof ConnectionState.Open);
    first.listener.onEvent("slow", null, "1");

    bridge.close(); // The event thread is inside the handler: close gives up waiting after 200 ms.

    assertThat(first.closed).as("the connection is closed from the closing thread").isTrue();
    assertThat(bridge.state()).isInstanceOf(ConnectionState.Closed.class);
  }

  @Test
  void closeWhileTheTokenRefresherIsStuck_opensNoConnectionAfterwards() {
    AtomicReference<@Nullable Thread> refreshing = new AtomicReference<>();
    RealtimeBridge bridge =
        bridge()
            .tokenRefresher(() -> {
              refreshing.set(Thread.currentThread());
              awaitRelease();
            })
            .build();
    bridge.start();
    await("a connection", () -> transport.opened.size() == 1);
    transport
        .opened
        .get(0)
        .listener
        .onClosed(
            new Transport.Disconnect(Transport.Disconnect.Kind.UNAUTHORIZED, "401 on connect"));
    await("the refresher running", () -> refreshing.get() != null);
    Thread eventThread = Objects.requireNonNull(refreshing.get());

    bridge.close();
    release.countDown(); // The refresher returns; the bridge would reconnect now, were it open.
    await("the event thread to end", () -> !eventThread.isAlive());

    assertThat(transport.opened).as("no connection after close()").hasSize(1);
    assertThat(bridge.state()).isInstanceOf(ConnectionState.Closed.class);
  }

  @Test
  void aCallbackAfterItsConnectionEnded_isDropped() {
    RealtimeBridge bridge = bridge().build();
    List<String> handled = new CopyOnWriteArrayList<>();
    bridge.on("ping", (type, data) -> handled.add(type));
    bridge.start();
    await("a connection", () -> transport.opened.size() == 1);
    Transport.Listener listener = transport.opened.get(0).listener;
    listener.onOpen(false);
    listener.onClosed(new Transport.Disconnect(Transport.Disconnect.Kind.FAILURE, "EOF"));
    await("reconnecting", () -> bridge.state() instanceof ConnectionState.Reconnecting);

    listener.onEvent(
        "ping", null, "7"); // OkHttp's reader can still deliver after its writer failed.
    listener.onRetryHint(Duration.ofMinutes(10));
    bridge.on("marker", (type, data) -> handled.add(type));
    listener.onClosed(new Transport.Disconnect(Transport.Disconnect.Kind.FAILURE, "again"));
    time.advance(Duration.ofSeconds(1));
    await("the reconnect", () -> transport.opened.size() == 2);
    transport.opened.get(1).listener.onOpen(false);
    transport.opened.get(1).listener.onEvent("marker", null, "8");
    await("the new connection's event", () -> handled.contains("marker"));

    assertThat(handled).containsExactly("marker");
    assertThat(bridge.counters().reconnects()).as("one end, one reconnect").isOne();
    bridge.close();
  }

  @Test
  void aListenerThatThrowsAnError_onClose_doesNotKeepTheConnectionOpen() {
    RealtimeBridge bridge = bridge().build();
    bridge.onStateChange(state -> {
      if (state instanceof ConnectionState.Closed) {
        throw new AssertionError("a listener's bug");
      }
    });
    bridge.start();
    await("a connection", () -> transport.opened.size() == 1);
    transport.opened.get(0).listener.onOpen(false);

    bridge.close();

    assertThat(transport.opened.get(0).closed).isTrue();
  }

  private void awaitRelease() {
    boolean interrupted = false;
    while (true) {
      try {
        release.await(Fixtures.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // As a stubborn handler would: close()'s interrupt does not stop it.
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens connections that do nothing by themselves; the test calls their listeners. */
  private static final class FakeTransport implements Transport {
    final List<Opened> opened = new CopyOnWriteArrayList<>();

    @Override
    public Connection open(Listener listener, @Nullable String lastEventId) {
      Opened connection = new Opened(listener);
      opened.add(connection);
      return connection;
    }

    static final class Opened implements Connection {
      final Listener listener;
      volatile boolean closed;

      Opened(Listener listener) {
        this.listener = listener;
      }

      @Override
      public void close() {
        closed = true;
      }
    }
  }
}
