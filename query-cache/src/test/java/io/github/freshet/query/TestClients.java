package io.github.freshet.query;

/** Query clients for tests: virtual time, listeners on the thread that changed the data. */
final class TestClients {
  private TestClients() {}

  static QueryClient onVirtualTime(VirtualTime time) {
    return onVirtualTime(time, QueryClient.builder());
  }

  static QueryClient onVirtualTime(VirtualTime time, QueryClient.Builder builder) {
    return builder
        .clock(time.clock())
        .scheduler(time.scheduler())
        .callbackExecutor(Runnable::run)
        .build();
  }
}
