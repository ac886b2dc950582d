package io.github.freshet.query.leads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that holds each request until the test answers it, so that a test can
 * look at the cache while a call is in flight, and answer overlapping calls in the order it
 * chooses. Routes given a standing answer ({@link #stub}) are answered at once instead: for
 * refetches, which may be replaced (and their first call cancelled) before they reach the server.
 *
 * <p>Every request is recorded. Waits are bounded: a held request that nobody answers within {@link
 * #HOLD_LIMIT} gets a 503, and {@link #close()} answers the ones still held the same way.
 */
final class HeldDispatcher extends Dispatcher {
  static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

  private final Object lock = new Object();
  private final List<RecordedRequest> received = new ArrayList<>(); // Guarded by lock.
  private final List<Exchange> held = new ArrayList<>(); // Guarded by lock: not yet taken.
  private final List<Exchange> all = new ArrayList<>(); // Guarded by lock.
  private final Map<String, MockResponse> stubs = new HashMap<>(); // Guarded by lock.
  private boolean closed; // Guarded by lock.

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    Exchange exchange;
    synchronized (lock) {
      received.add(request);
      MockResponse stub = stubs.get(route(request.getMethod(), request.getUrl().encodedPath()));
      if (closed || stub != null) {
        lock.notifyAll();
        return stub != null && !closed ? stub : unavailable();
      }
      exchange = new Exchange(request);
      held.add(exchange);
      all.add(exchange);
      lock.notifyAll();
    }
    try {
      return exchange.answer.get(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return unavailable();
    }
  }

  /**
   * Answers every later request of a route at once (and the ones held now, if any).
   *
   * @param method the HTTP method
   * @param path the encoded path, without the query
   * @param response the answer
   */
  void stub(String method, String path, MockResponse response) {
    List<Exchange> waiting = new ArrayList<>();
    synchronized (lock) {
      stubs.put(route(method, path), response);
      held.removeIf(exchange -> {
        boolean matches = exchange.is(method, path);
        if (matches) {
          waiting.add(exchange);
        }
        return matches;
      });
    }
    waiting.forEach(exchange -> exchange.respond(response));
  }

  /**
   * Waits (bounded) for a held request of a route, whatever arrived before or after it.
   *
   * @param method the HTTP method
   * @param path the encoded path, without the query
   * @return the request, still waiting for its answer
   */
  Exchange take(String method, String path) throws InterruptedException {
    long deadline = System.nanoTime() + LeadTestKit.WAIT.toNanos();
    synchronized (lock) {
      while (true) {
        for (Exchange exchange : held) {
          if (exchange.is(method, path)) {
            held.remove(exchange);
            return exchange;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "No " + method + " " + path + " within " + LeadTestKit.WAIT + "; got " + received);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /**
   * Returns how many requests of a route arrived.
   *
   * @param method the HTTP method
   * @param path the encoded path, without the query
   * @return the count
   */
  int count(String method, String path) {
    synchronized (lock) {
      int count = 0;
      for (RecordedRequest request : received) {
        if (request.getMethod().equals(method) && request.getUrl().encodedPath().equals(path)) {
          count++;
        }
      }
      return count;
    }
  }

  /**
   * Returns every request that arrived, in order.
   *
   * @return the requests
   */
  List<RecordedRequest> received() {
    synchronized (lock) {
      return List.copyOf(received);
    }
  }

  /** Answers every request still held with a 503, and any later one at once. */
  @Override
  public void close() {
    List<Exchange> pending;
    synchronized (lock) {
      closed = true;
      pending = List.copyOf(all);
      held.clear();
    }
    pending.forEach(exchange -> exchange.respond(unavailable()));
  }

  private static String route(String method, String path) {
    return method + " " + path;
  }

  private static MockResponse unavailable() {
    return new MockResponse.Builder().code(503).build();
  }

  /** One request held until the test answers it. */
  static final class Exchange {
    final RecordedRequest request;
    private final CompletableFuture<MockResponse> answer = new CompletableFuture<>();

    private Exchange(RecordedRequest request) {
      this.request = request;
    }

    boolean is(String method, String path) {
      return request.getMethod().equals(method) && request.getUrl().encodedPath().equals(path);
    }

    /** Sends the answer; a second one is ignored. */
    void respond(MockResponse response) {
      answer.complete(response);
    }

    /** Sends a JSON answer. */
    void respond(int code, String json) {
      respond(LeadTestKit.json(code, json));
    }

    /** The request body, as UTF-8 text. */
    String body() {
      okio.ByteString body = request.getBody();
      return body == null ? "" : body.utf8();
    }
  }
}
