package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server events against fetches in flight: an older HTTP answer never erases a newer event. */
final class ServerEventTest {
  /** A versioned value, as the Lead API's businesses are. */
  record Versioned(String name, long version) {}

  private static final QueryKey<Versioned> KEY = QueryKey.of("business", 1);

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client = TestClients.onVirtualTime(time);
  private final ManualFetcher<Versioned> fetcher = new ManualFetcher<>();

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** The event as a version-guarded update: applies only to older data. */
  private static UnaryOperator<Versioned> updated(Versioned newer) {
    return cached -> cached.version() < newer.version() ? newer : cached;
  }

  @Test
  void eventDuringAFetch_survivesTheOlderAnswer() throws Exception {
    client.setQueryData(KEY, new Versioned("v1", 1));
    CompletableFuture<Versioned> fetch =
        client.fetchQuery(QueryOptions.builder(KEY, fetcher).build());

    client.applyServerEvent(KEY, updated(new Versioned("v3 from the event", 3)));
    assertThat(client.getQueryData(KEY)).isEqualTo(new Versioned("v3 from the event", 3));
    fetcher.succeed(new Versioned("v2 read before the event", 2));

    assertThat(fetch.get(1, TimeUnit.SECONDS)).isEqualTo(new Versioned("v3 from the event", 3));
    assertThat(client.getQueryData(KEY)).isEqualTo(new Versioned("v3 from the event", 3));
  }

  @Test
  void eventDuringAFetch_yieldsToANewerAnswer() {
    client.setQueryData(KEY, new Versioned("v1", 1));
    var unused = client.fetchQuery(QueryOptions.builder(KEY, fetcher).build());

    client.applyServerEvent(KEY, updated(new Versioned("v2", 2)));
    fetcher.succeed(new Versioned("v4 from the server", 4));

    assertThat(client.getQueryData(KEY)).isEqualTo(new Versioned("v4 from the server", 4));
  }

  @Test
  void eventDuringAFirstLoad_isReplayedOntoIt() {
    var unused = client.fetchQuery(QueryOptions.builder(KEY, fetcher).build());

    assertThat(client.applyServerEvent(KEY, updated(new Versioned("v5", 5)))).isNull();
    fetcher.succeed(new Versioned("v4", 4));

    assertThat(client.getQueryData(KEY)).isEqualTo(new Versioned("v5", 5));
  }

  @Test
  void eventsReplayInArrivalOrder_andCarryOverToAReplacingFetch() {
    QueryKey<List<String>> log = QueryKey.of("log");
    ManualFetcher<List<String>> logFetcher = new ManualFetcher<>();
    client.setQueryData(log, List.of("a"));
    QueryOptions<List<String>> options = QueryOptions.builder(log, logFetcher).build();
    var unused = client.fetchQuery(options);

    client.applyServerEvent(log, l -> l.contains("b") ? l : append(l, "b"));
    var replacing = client.invalidateQueries(QueryFilter.exact(log), RefetchType.ALL);
    client.applyServerEvent(log, l -> l.contains("c") ? l : append(l, "c"));
    logFetcher.succeed(List.of("a")); // The replacing fetch answers with old data.

    assertThat(replacing).isDone();
    assertThat(client.getQueryData(log)).containsExactly("a", "b", "c");
  }

  @Test
  void eventWithoutAFetch_appliesOnce_andOnlyToExistingData() {
    assertThat(client.applyServerEvent(KEY, updated(new Versioned("v2", 2)))).isNull();
    assertThat(client.getQueryState(KEY)).isNull();

    client.setQueryData(KEY, new Versioned("v1", 1));
    client.applyServerEvent(KEY, updated(new Versioned("v2", 2)));

    assertThat(client.getQueryData(KEY)).isEqualTo(new Versioned("v2", 2));
    var later = client.fetchQuery(QueryOptions.builder(KEY, fetcher).build());
    fetcher.succeed(new Versioned("v2", 2));
    assertThat(later).isDone();
    assertThat(client.getQueryData(KEY)).isEqualTo(new Versioned("v2", 2));
  }

  private static List<String> append(List<String> list, String item) {
    java.util.ArrayList<String> next = new java.util.ArrayList<>(list);
    next.add(item);
    return List.copyOf(next);
  }
}
