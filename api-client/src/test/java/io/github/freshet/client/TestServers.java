package io.github.freshet.client;

import io.github.freshet.client.testing.NoSecretsInLogsExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/** Loopback MockWebServers with TCP_NODELAY, so small exchanges never wait on Nagle. */
final class TestServers {
  /** Every token a test uses starts with this, so that log checks can find any leak. */
  static final String SECRET_PREFIX = NoSecretsInLogsExtension.SECRET_PREFIX;

  private TestServers() {}

  static MockWebServer start() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** A client for the server with no retries and a fixed secret token. */
  static ApiClient.Builder client(MockWebServer server) {
    return ApiClient.builder()
        .baseUrl(server.url("/").toString())
        .token(SECRET_PREFIX + "token")
        .retryPolicy(RetryPolicy.none());
  }

  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new NoDelayServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {}

    @Override
    public Socket accept() throws IOException {
      Socket socket = super.accept();
      socket.setTcpNoDelay(true);
      return socket;
    }
  }
}
