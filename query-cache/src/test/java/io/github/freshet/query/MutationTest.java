package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mutations: lifecycle order, optimistic layers and exact rollback, scopes, offline. */
final class MutationTest {
  private static final QueryKey<List<String>> TODOS = QueryKey.of("todos");

  private final VirtualTime time = VirtualTime.create();
  private final QueryClient client = TestClients.onVirtualTime(time);
  private final List<String> events = new ArrayList<>();

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** A mutation function whose calls the test completes by hand. */
  private static final class ManualServer {
    final List<CompletableFuture<String>> calls = new ArrayList<>();
    final List<String> variables = new ArrayList<>();

    CompletableFuture<String> call(String variable) {
      CompletableFuture<String> call = new CompletableFuture<>();
      calls.add(call);
      variables.add(variable);
      return call;
    }
  }

  /** Adds its variable to the todo list, optimistically. */
  private MutationOptions.Builder<String, String, String> addTodo(ManualServer server) {
    return MutationOptions.<String, String, String>builder(server::call)
        .onMutate((todo, optimistic) -> {
          events.add("onMutate " + todo);
          optimistic.update(TODOS, list -> append(list, todo));
          return "context " + todo;
        })
        .onSuccess((data, todo, context) -> events.add("onSuccess " + data + " " + context))
        .onError((error, todo, context) ->
            events.add(
                "onError "
                    + error.getMessage()
                    + " "
                    + context
                    + " sees "
                    + client.getQueryData(TODOS)))
        .onSettled((data, error, todo, context) ->
            events.add("onSettled " + data + " " + error + " " + context));
  }

  private static List<String> append(List<String> list, String item) {
    List<String> next = new ArrayList<>(list);
    next.add(item);
    return List.copyOf(next);
  }

  private int layers() {
    Query<List<String>> query = client.cached(TODOS);
    return query == null ? 0 : query.layerCount();
  }

  @Test
  void success_runsCallbacksInOrder_andShowsTheChangeAtOnce() throws Exception {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationObserver<String, String, String> mutation =
        client.mutationObserver(addTodo(server).build());
    List<MutationResult<String, String>> results = new ArrayList<>();
    mutation.subscribe(results::add);

    CompletableFuture<String> done = mutation.mutate("b");

    assertThat(client.getQueryData(TODOS)).containsExactly("a", "b");
    assertThat(events).containsExactly("onMutate b");
    assertThat(mutation.current().status()).isEqualTo(MutationStatus.PENDING);
    assertThat(mutation.current().variables()).isEqualTo("b");
    assertThat(mutation.current().submittedAt()).isEqualTo(time.now());
    assertThat(client.isMutating()).isOne();

    server.calls.get(0).complete("saved b");

    assertThat(done.get(1, TimeUnit.SECONDS)).isEqualTo("saved b");
    assertThat(events)
        .containsExactly(
            "onMutate b", "onSuccess saved b context b", "onSettled saved b null context b");
    assertThat(mutation.current().status()).isEqualTo(MutationStatus.SUCCESS);
    assertThat(mutation.current().data()).isEqualTo("saved b");
    assertThat(results)
        .extracting(MutationResult::status)
        .containsExactly(MutationStatus.IDLE, MutationStatus.PENDING, MutationStatus.SUCCESS);
    assertThat(client.isMutating()).isZero();
    assertThat(client.getQueryData(TODOS))
        .as("layer stays until server data lands")
        .containsExactly("a", "b");
  }

  @Test
  void failure_rollsBackBeforeOnError_andRunsCallbacksInOrder() {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationObserver<String, String, String> mutation =
        client.mutationObserver(addTodo(server).build());

    CompletableFuture<String> done = mutation.mutate("b");
    server.calls.get(0).completeExceptionally(new IllegalStateException("rejected"));

    assertThatThrownBy(() -> done.get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(events)
        .containsExactly(
            "onMutate b",
            "onError rejected context b sees [a]",
            "onSettled null java.lang.IllegalStateException: rejected context b");
    assertThat(client.getQueryData(TODOS)).containsExactly("a");
    assertThat(layers()).isZero();
    assertThat(mutation.current().status()).isEqualTo(MutationStatus.ERROR);
    assertThat(mutation.current().error()).hasMessage("rejected");
  }

  @Test
  void slowFailureAfterFastSuccess_keepsTheSuccessfulChange_andLeavesNoLayer() throws Exception {
    ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationObserver<String, String, String> mutations =
        client.mutationObserver(addTodo(server).build());

    CompletableFuture<String> slowA = mutations.mutate("b"); // A: adds b, will fail.
    CompletableFuture<String> fastB = mutations.mutate("c"); // B: adds c, will succeed.
    assertThat(client.getQueryData(TODOS)).containsExactly("a", "b", "c");
    server.calls.get(1).complete("saved c");
    server.calls.get(0).completeExceptionally(new IllegalStateException("A failed"));

    assertThat(fastB.get(1, TimeUnit.SECONDS)).isEqualTo("saved c");
    assertThat(slowA).isCompletedExceptionally();
    assertThat(client.getQueryData(TODOS))
        .as("B's change survives A's rollback")
        .containsExactly("a", "c");

    var refetched = client.fetchQuery(QueryOptions.builder(TODOS, fetcher).build());
    fetcher.succeed(List.of("a", "c")); // The server has B's change.

    assertThat(refetched.get(1, TimeUnit.SECONDS)).containsExactly("a", "c");
    assertThat(client.getQueryData(TODOS)).containsExactly("a", "c");
    assertThat(layers()).isZero();
  }

  @Test
  void settledLayer_staysOverAFetchThatStartedBeforeTheSuccess() throws Exception {
    ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationObserver<String, String, String> mutations =
        client.mutationObserver(addTodo(server).build());
    var done = mutations.mutate("b");
    var early = client.fetchQuery(QueryOptions.builder(TODOS, fetcher).build()); // Before success.

    server.calls.get(0).complete("saved b");
    done.get(1, TimeUnit.SECONDS);
    fetcher.call(0).future().complete(List.of("a")); // An old answer, without b.

    assertThat(early.get(1, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(client.getQueryData(TODOS))
        .as("the old answer does not erase b")
        .containsExactly("a", "b");
    assertThat(layers()).isOne();
    assertThat(Objects.requireNonNull(client.getQueryState(TODOS)).invalidated())
        .as("still waiting for data that reflects b, so the next observer refetches")
        .isTrue();
  }

  @Test
  void successInvalidatesTheChangedEntries_soActiveOnesRefetchAndTheLayerGoes() throws Exception {
    ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    QueryObserver<List<String>> observer =
        client.observer(
            QueryOptions.builder(TODOS, fetcher).staleTime(Duration.ofHours(1)).build());
    observer.subscribe(result -> {});
    fetcher.succeed(List.of("a"));
    ManualServer server = new ManualServer();

    var done = client.mutationObserver(addTodo(server).build()).mutate("b");
    server.calls.get(0).complete("saved b");
    done.get(1, TimeUnit.SECONDS);

    assertThat(fetcher.count()).as("refetched after the success").isEqualTo(2);
    fetcher.succeed(List.of("a", "b"));
    assertThat(observer.current().data()).containsExactly("a", "b");
    assertThat(layers()).isZero();
  }

  @Test
  void serverEventOnAnInactiveEntry_keepsTheInvalidationThatWillDropTheSettledLayer()
      throws Exception {
    // Found by the CLI demo: an inactive list kept showing "enriching" after the enrichment
    // succeeded, because an event made the entry fresh and its next observer never refetched.
    ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    var done = client.mutationObserver(addTodo(server).build()).mutate("b");
    server.calls.get(0).complete("saved b");
    done.get(1, TimeUnit.SECONDS);

    client.applyServerEvent(TODOS, list -> append(list, "x")); // Another change, announced.

    assertThat(client.getQueryData(TODOS)).containsExactly("a", "x", "b");
    assertThat(Objects.requireNonNull(client.getQueryState(TODOS)).invalidated())
        .as("still waiting for server data that reflects b")
        .isTrue();
    QueryObserver<List<String>> observer =
        client.observer(
            QueryOptions.builder(TODOS, fetcher).staleTime(Duration.ofHours(1)).build());
    observer.subscribe(result -> {});
    assertThat(fetcher.count()).as("the observer refetches the invalidated entry").isOne();
    fetcher.succeed(List.of("a", "b", "x"));
    assertThat(observer.current().data()).containsExactly("a", "b", "x");
    assertThat(layers()).isZero();
  }

  @Test
  void manualUpdateWithoutSettledLayers_makesTheEntryFreshAsInTanStack() {
    client.setQueryData(TODOS, List.of("a"));
    var unused = client.invalidateQueries(QueryFilter.exact(TODOS));

    client.updateQueryData(TODOS, list -> append(Objects.requireNonNull(list), "b"));

    assertThat(Objects.requireNonNull(client.getQueryState(TODOS)).invalidated()).isFalse();
  }

  @Test
  void scope_runsMutationsOneAfterAnother_butOnMutateAtOnce() throws Exception {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationObserver<String, String, String> scoped =
        client.mutationObserver(addTodo(server).scope("todos").build());

    var first = scoped.mutate("b");
    var second = scoped.mutate("c");

    assertThat(events).containsExactly("onMutate b", "onMutate c");
    assertThat(server.calls).hasSize(1);
    assertThat(client.getQueryData(TODOS)).containsExactly("a", "b", "c");
    assertThat(client.isMutating()).isEqualTo(2);

    server.calls.get(0).complete("saved b");
    assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("saved b");
    assertThat(server.calls).hasSize(2);
    assertThat(server.variables).containsExactly("b", "c");
    server.calls.get(1).complete("saved c");
    assertThat(second.get(1, TimeUnit.SECONDS)).isEqualTo("saved c");
    assertThat(client.isMutating()).isZero();
  }

  @Test
  void offline_pausesTheMutation_andOnlineRunsIt_beforeQueriesRefetch() throws Exception {
    ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    client.observer(QueryOptions.builder(TODOS, fetcher).build()).subscribe(result -> {});
    fetcher.succeed(List.of("a"));
    client.setOnline(false);
    ManualServer server = new ManualServer();
    // No optimistic change: the success invalidates nothing, so any refetch is the online one.
    MutationObserver<String, String, Void> mutation =
        client.mutationObserver(
            MutationOptions.<String, String, Void>builder(server::call).build());

    var done = mutation.mutate("b");

    assertThat(server.calls).isEmpty();
    assertThat(mutation.current().paused()).isTrue();

    client.setOnline(true);

    assertThat(server.calls).hasSize(1);
    assertThat(mutation.current().paused()).isFalse();
    assertThat(fetcher.count()).as("queries wait for the paused mutation").isEqualTo(1);
    server.calls.get(0).complete("saved b");
    done.get(1, TimeUnit.SECONDS);
    assertThat(fetcher.count()).isGreaterThan(1);
  }

  @Test
  void rollbackAfterTheEntryWasRemoved_isANoOp() {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    var done = client.mutationObserver(addTodo(server).build()).mutate("b");
    client.removeQueries(QueryFilter.exact(TODOS));

    client.setQueryData(TODOS, List.of("fresh")); // A new entry under the same key.

    server.calls.get(0).completeExceptionally(new IllegalStateException("rejected"));

    assertThat(done).isCompletedExceptionally();
    assertThat(client.getQueryData(TODOS))
        .as("the new entry is untouched")
        .containsExactly("fresh");
    assertThat(events).contains("onError rejected context b sees [fresh]");
  }

  @Test
  void listenerThrowingAnError_stillLetsTheMutationFinish() {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationObserver<String, String, String> mutation =
        client.mutationObserver(addTodo(server).build());
    var done = mutation.mutate("b");
    mutation.subscribe(result -> {
      if (result.status() == MutationStatus.SUCCESS) {
        throw new AssertionError("listener bug");
      }
    });

    try {
      server.calls.get(0).complete("saved b");
    } catch (AssertionError expected) {
      // Same-thread executor: the listener's Error surfaces on the completing thread.
    }

    assertThat(done).isCompleted();
    assertThat(client.isMutating()).isZero();
  }

  @Test
  void throwingOptimisticUpdater_failsTheMutation_andLeavesTheEntryUsable() {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    MutationOptions<String, String, Void> broken =
        MutationOptions.<String, String, Void>builder(server::call)
            .onMutate((todo, optimistic) -> {
              optimistic.update(
                  TODOS,
                  list -> {
                    throw new IllegalStateException("updater bug");
                  });
              return null;
            })
            .build();

    var done = client.mutationObserver(broken).mutate("b");

    assertThat(done).isCompletedExceptionally();
    assertThat(server.calls).isEmpty();
    assertThat(layers()).isZero();
    client.setQueryData(TODOS, List.of("a", "z"));
    assertThat(client.getQueryData(TODOS)).containsExactly("a", "z");
  }

  @Test
  void cancellingTheRefetchAfterASuccess_leavesTheEntryInvalidated_whileItsLayerWaits() {
    ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    QueryObserver<List<String>> observer =
        client.observer(QueryOptions.builder(TODOS, fetcher).build());
    observer.subscribe(result -> {});
    fetcher.succeed(List.of("a"));
    ManualServer server = new ManualServer();
    var unused = client.mutationObserver(addTodo(server).build()).mutate("b");
    var inFlight = observer.refetch(); // In flight before the success: it reverts to before it.
    server.calls.get(0).complete("b"); // The invalidation replaces that fetch with a new one.
    assertThat(fetcher.count()).as("the first fetch, the refetch, its replacement").isEqualTo(3);

    client.cancelQueries(QueryFilter.exact(TODOS));

    QueryState<List<String>> state = Objects.requireNonNull(client.getQueryState(TODOS));
    assertThat(state.invalidated())
        .as("the reverted state must not look fresh while the layer waits")
        .isTrue();
    assertThat(client.getQueryData(TODOS)).containsExactly("a", "b");
    assertThat(inFlight).as("the replaced refetch followed its replacement, cancelled").isDone();
    observer.close();
  }

  @Test
  void anOptimisticUpdateAfterTheMutationSettled_isRefused_andLeavesNoLayer() {
    client.setQueryData(TODOS, List.of("a"));
    AtomicReference<@Nullable Optimistic> kept = new AtomicReference<>();
    ManualServer server = new ManualServer();
    MutationOptions<String, String, Void> late =
        MutationOptions.<String, String, Void>builder(server::call)
            .onMutate((todo, optimistic) -> {
              kept.set(optimistic); // Used again later, as another thread might.
              return null;
            })
            .build();
    var done = client.mutationObserver(late).mutate("b");
    server.calls.get(0).complete("b");
    assertThat(done).isCompleted();
    Optimistic optimistic = Objects.requireNonNull(kept.get());

    assertThatThrownBy(() -> optimistic.update(TODOS, list -> append(list, "late")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(layers()).isZero();
    assertThat(client.getQueryData(TODOS)).containsExactly("a");
  }

  @Test
  void aWholeWriteAfterTheSuccess_dropsTheSettledLayer_evenWhenItEqualsTheOldServerData() {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    var unused = client.mutationObserver(addTodo(server).build()).mutate("b");
    server.calls.get(0).complete("b"); // Inactive entry: its settled layer waits.
    assertThat(layers()).isOne();

    client.setQueryData(TODOS, List.of("a")); // The server says: no "b" after all.

    assertThat(layers()).isZero();
    assertThat(client.getQueryData(TODOS)).containsExactly("a");
  }

  @Test
  void closingTheClient_rollsBackAndFailsPendingMutations() {
    client.setQueryData(TODOS, List.of("a"));
    ManualServer server = new ManualServer();
    var first = client.mutationObserver(addTodo(server).scope("s").build()).mutate("b");
    var queued = client.mutationObserver(addTodo(server).scope("s").build()).mutate("c");

    client.close();

    assertThatThrownBy(() -> first.get(1, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(queued).isCompletedExceptionally();
    assertThat(server.calls).as("the queued one never ran").hasSize(1);
  }

  @Test
  void optimisticUpdateOfAMissingEntry_changesNothing() {
    ManualServer server = new ManualServer();

    var unused = client.mutationObserver(addTodo(server).build()).mutate("b");

    assertThat(client.getQueryData(TODOS)).isNull();
    assertThat(client.getQueryState(TODOS)).isNull();
  }

  @Test
  void mutationsDoNotRetryByDefault_butMayBeToldTo() throws Exception {
    ManualServer server = new ManualServer();
    var once = client.mutationObserver(addTodo(server).build()).mutate("b");
    server.calls.get(0).completeExceptionally(new IllegalStateException("down"));
    time.advance(Duration.ofMinutes(1));
    assertThat(server.calls).hasSize(1);
    assertThat(once).isCompletedExceptionally();

    MutationObserver<String, String, String> retrying =
        client.mutationObserver(addTodo(server).retry(1).build());
    var twice = retrying.mutate("c");
    server.calls.get(1).completeExceptionally(new IllegalStateException("down"));
    assertThat(retrying.current().failureCount()).isOne();
    time.advance(Duration.ofMillis(999));
    assertThat(server.calls).hasSize(2);
    time.advance(Duration.ofMillis(1));
    assertThat(server.calls).hasSize(3);
    server.calls.get(2).complete("saved c");
    assertThat(twice.get(1, TimeUnit.SECONDS)).isEqualTo("saved c");
  }

  @Test
  void onMutateThatThrows_failsTheMutation_withoutCallingTheServer() {
    ManualServer server = new ManualServer();
    MutationOptions<String, String, String> broken =
        MutationOptions.<String, String, String>builder(server::call)
            .onMutate((todo, optimistic) -> {
              throw new IllegalArgumentException("bad input");
            })
            .build();

    var done = client.mutationObserver(broken).mutate("b");

    assertThat(done).isCompletedExceptionally();
    assertThat(server.calls).isEmpty();
    assertThat(client.isMutating()).isZero();
  }

  @Test
  void isMutating_countsByMutationKeyPrefix() {
    ManualServer server = new ManualServer();
    var unused =
        client
            .mutationObserver(addTodo(server).mutationKey(QueryKey.of("todos", "add")).build())
            .mutate("b");

    assertThat(client.isMutating(QueryKey.of("todos"))).isOne();
    assertThat(client.isMutating(QueryKey.of("users"))).isZero();
  }

  @Test
  void reset_showsIdle() {
    MutationObserver<String, String, String> mutation =
        client.mutationObserver(addTodo(new ManualServer()).build());
    var unused = mutation.mutate("b");

    mutation.reset();

    assertThat(mutation.current()).isEqualTo(MutationResult.idle());
    assertThat(Objects.requireNonNull(mutation.current()).status()).isEqualTo(MutationStatus.IDLE);
  }
}
