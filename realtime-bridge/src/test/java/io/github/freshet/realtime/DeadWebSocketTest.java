package io.github.freshet.realtime;

import static io.github.freshet.realtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.ApiClient;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.VirtualTime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket that stays up but goes silent (a peer that died without closing, a proxy that holds
 * the socket) is found by the client's pings: the pong never comes, and the bridge reconnects.
 * MockWebServer answers pings by itself, so this server is a raw socket on 127.0.0.1 that completes
 * the upgrade and then never answers anything.
 */
final class DeadWebSocketTest {
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client =
      QueryClient.builder().clock(time.clock()).scheduler(time.scheduler()).build();
  private final OkHttpClient http = new OkHttpClient();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger upgrades = new AtomicInteger();
  private @Nullable ServerSocket server;
  private @Nullable Thread acceptor;
  private @Nullable RealtimeBridge bridge;

  @AfterEach
  void tearDown() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    client.close();
    if (server != null) {
      server.close();
    }
    for (Socket socket : accepted) {
      socket.close();
    }
    if (acceptor != null) {
      acceptor.join(Fixtures.WAIT.toMillis());
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void aPeerThatNeverAnswersPings_isFound_andTheBridgeReconnects() throws Exception {
    ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server = listening;
    acceptor = new Thread(() -> acceptSilently(listening), "silent-websocket-server");
    acceptor.start();
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    Transport transport =
        Transports.webSocket(
            http,
            "ws://127.0.0.1:" + listening.getLocalPort() + "/api/events/ws",
            () -> "sk-test",
            ApiClient.defaultObjectMapper(),
            Duration.ofMillis(100));
    RealtimeBridge created =
        RealtimeBridge.builder(client, transport)
            .scheduler(time.scheduler())
            .clock(time.clock())
            .reconnectPolicy(ReconnectPolicy.builder().jitter(0).build())
            .build();
    bridge = created;
    created.onStateChange(states::add);

    created.start();

    // The socket stays open, but the pong to the first ping never comes: by the second ping,
    // OkHttp fails the connection. (Open lasts only that long, so the states tell it was open.)
    await(
        "the dead connection found", () -> created.state() instanceof ConnectionState.Reconnecting);
    ConnectionState.Reconnecting reconnecting = (ConnectionState.Reconnecting) created.state();
    assertThat(reconnecting.cause()).isEqualTo("SocketTimeoutException");
    assertThat(states.get(0)).isInstanceOf(ConnectionState.Open.class);

    time.advance(reconnecting.delay());
    await("the second upgrade", () -> upgrades.get() == 2);
  }

  /** Accepts connections until closed; upgrades each, then reads and ignores all it is sent. */
  private void acceptSilently(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket socket = listening.accept();
        accepted.add(socket);
        Thread reader = new Thread(() -> upgradeThenIgnore(socket), "silent-websocket-peer");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void upgradeThenIgnore(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      BufferedReader headers =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String key = null;
      for (String line = headers.readLine();
          line != null && !line.isEmpty();
          line = headers.readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      if (key == null) {
        return;
      }
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\n"
                  + "Upgrade: websocket\r\n"
                  + "Connection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept(key)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      upgrades.incrementAndGet();
      // Pings arrive and are never answered; the reader holds what it buffered and reads on.
      char[] ignored = new char[1024];
      while (headers.read(ignored) >= 0) {
        // Silent.
      }
    } catch (IOException gone) {
      // The client gave up on this socket, or the test closed it.
    }
  }

  private static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-1", e);
    }
  }
}
