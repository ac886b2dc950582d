package io.github.freshet.query.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.NotFoundException;
import io.github.freshet.client.RetryPolicy;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.LeadsClient;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryObserver;
import io.github.freshet.query.QueryOptions;
import io.github.freshet.query.QueryResult;
import io.github.freshet.query.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lead queries and errors that repeating cannot fix: a 404 is not retried on any of them, and a
 * scrape job that does not exist is not polled forever.
 */
final class LeadQueriesErrorsTest {
  private static final String NOT_FOUND =
      "{\"error\":{\"code\":\"not_found\",\"message\":\"gone\"}}";
  private MockWebServer server;
  private ApiClient api;
  private LeadQueries queries;
  private VirtualTime time;
  private QueryClient queryClient;

  @BeforeEach
  void setUp() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    api =
        ApiClient.builder()
            .baseUrl(server.url("/").toString())
            .token("sk-test-probe")
            .retryPolicy(RetryPolicy.none())
            .build();
    queries = LeadQueries.of(LeadsClient.of(api));
    time = VirtualTime.create();
    queryClient =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build();
  }

  @AfterEach
  void tearDown() {
    queryClient.close();
    api.close();
    server.close();
  }

  @Test
  void stats_aNotFound_isNotRetried() {
    assertNotRetried(queries.stats());
  }

  @Test
  void list_aNotFound_isNotRetried() {
    assertNotRetried(queries.list(BusinessFilters.none()));
  }

  @Test
  void failedJobs_aNotFound_isNotRetried() {
    assertNotRetried(queries.failedJobs());
  }

  @Test
  void scrapeStatus_ofAJobThatDoesNotExist_stopsPolling() {
    for (int i = 0; i < 5; i++) {
      respond(404, NOT_FOUND);
    }
    try (QueryObserver<?> observer = queryClient.observer(queries.scrapeStatus("nope"))) {
      observer.subscribe(r -> {});
      awaitIdle();
      for (int i = 0; i < 3; i++) {
        time.advance(Duration.ofSeconds(1));
        awaitIdle();
      }
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  private <T> void assertNotRetried(QueryOptions<T> options) {
    for (int i = 0; i < 4; i++) {
      respond(404, NOT_FOUND);
    }
    List<QueryResult<T>> seen = new CopyOnWriteArrayList<>();
    try (QueryObserver<T> observer = queryClient.observer(options)) {
      observer.subscribe(seen::add);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (seen.stream().noneMatch(QueryResult::isError) && System.nanoTime() < deadline) {
        time.advance(Duration.ofMillis(100));
        LockSupport.parkNanos(1_000_000);
      }
      assertThat(seen).anyMatch(QueryResult::isError);
      assertThat(observer.current().error()).isInstanceOf(NotFoundException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  private void awaitIdle() {
    await(() -> queryClient.isFetching(QueryFilter.all()) == 0);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out");
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private void respond(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }
}
