package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The query-cache example of README.md, kept runnable: change both together. */
final class ReadmeExampleTest {
  record Todo(int id, String title) {}

  @Test
  void readmeExample() {
    // --- README example starts ---
    VirtualTime time = VirtualTime.create(); // In production, leave clock and scheduler unset.
    QueryClient client =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build();

    List<String> requests = new ArrayList<>();
    QueryKey<Todo> key = QueryKey.of("todos", "detail", 1);
    QueryOptions<Todo> todo =
        QueryOptions.builder(
                key,
                ctx -> {
                  requests.add("GET /todos/1");
                  return CompletableFuture.completedFuture(new Todo(1, "Buy milk"));
                })
            .staleTime(Duration.ofSeconds(30))
            .build();

    QueryObserver<Todo> observer = client.observer(todo);
    List<QueryResult<Todo>> seen = new ArrayList<>();
    observer.subscribe(seen::add); // Fetches: nothing cached yet.

    client.fetchQuery(todo).join(); // Fresh for 30 s: served from the cache, no request.
    time.advance(Duration.ofSeconds(30));
    client.invalidateQueries(QueryFilter.prefix(QueryKey.of("todos"))).join(); // Refetches.

    observer.close();
    time.advance(Duration.ofMinutes(5)); // Unobserved for gcTime: collected.
    // --- README example ends ---

    assertThat(requests).hasSize(2);
    assertThat(seen.get(seen.size() - 1).data()).isEqualTo(new Todo(1, "Buy milk"));
    assertThat(client.getQueryData(key)).isNull();
    client.close();
  }
}
