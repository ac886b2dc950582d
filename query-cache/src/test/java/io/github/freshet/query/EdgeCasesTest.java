package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.freshet.client.leads.BusinessStatus;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * Edge cases that review found broken once: publisher ordering and closed observers, very long
 * delays, throwing and nested virtual-time tasks, key parts that collide or are Lead API values.
 */
final class EdgeCasesTest {
  private static final QueryKey<String> KEY = QueryKey.of("greeting");

  @Test
  void publisher_requestFromAnotherThread_neverDeliversAnOlderResultAfterANewerOne() {
    VirtualTime time = VirtualTime.create();
    Queue<Runnable> queued = new ArrayDeque<>();
    try (QueryClient client =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(queued::add)
            .build()) {
      client.setQueryData(KEY, "v1");
      QueryOptions<String> options =
          QueryOptions.builder(KEY, ctx -> new CompletableFuture<String>())
              .staleTime(Duration.ofMinutes(5))
              .build();
      QueryObserver<String> observer = client.observer(options);
      List<String> seen = new ArrayList<>();
      Flow.Subscription[] subscription = new Flow.Subscription[1];
      observer
          .publisher()
          .subscribe(
              new Flow.Subscriber<QueryResult<String>>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                  subscription[0] = s;
                  s.request(1);
                }

                @Override
                public void onNext(QueryResult<String> item) {
                  seen.add(Objects.requireNonNull(item.data()));
                }

                @Override
                public void onError(Throwable throwable) {}

                @Override
                public void onComplete() {}
              });
      runAll(queued); // v1 delivered; demand now 0
      client.setQueryData(KEY, "v2");
      runAll(queued); // v2 pending
      client.setQueryData(KEY, "v3"); // the listener's delivery of v3 is queued, not run yet

      subscription[0].request(2); // takes v2 now, hands it to the callback queue after v3

      runAll(queued);
      // Conflation may skip v2; what must never happen is v2 arriving after v3.
      assertThat(seen).containsExactly("v1", "v3");
    }
  }

  private static void runAll(Queue<Runnable> queued) {
    for (int i = 0; i < 1000 && !queued.isEmpty(); i++) {
      queued.remove().run();
    }
  }

  @Test
  void publisher_ofAClosedObserver_signalsOnErrorInsteadOfThrowing() {
    VirtualTime time = VirtualTime.create();
    try (QueryClient client =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build()) {
      QueryObserver<String> observer =
          client.observer(
              QueryOptions.builder(KEY, ctx -> new CompletableFuture<String>()).build());
      observer.close();
      Throwable[] error = new Throwable[1];
      Flow.Subscriber<QueryResult<String>> subscriber =
          new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {}

            @Override
            public void onNext(QueryResult<String> item) {}

            @Override
            public void onError(Throwable throwable) {
              error[0] = throwable;
            }

            @Override
            public void onComplete() {}
          };

      assertThatCode(() -> observer.publisher().subscribe(subscriber)).doesNotThrowAnyException();
      assertThat(error[0]).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void observer_aVeryLongStaleTime_meansNeverStale_withoutBreaking() {
    VirtualTime time = VirtualTime.create();
    try (QueryClient client =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build()) {
      client.setQueryData(KEY, "v1");
      QueryOptions<String> options =
          QueryOptions.builder(KEY, ctx -> new CompletableFuture<String>())
              .staleTime(ChronoUnit.FOREVER.getDuration())
              .build();
      QueryObserver<String> observer = client.observer(options);

      assertThatCode(() -> observer.subscribe(r -> {})).doesNotThrowAnyException();
      assertThat(observer.current().stale()).isFalse();
    }
  }

  @Test
  void observer_aThousandYearStaleTime_meansNeverStale_withoutBreaking() {
    VirtualTime time = VirtualTime.create();
    try (QueryClient client =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build()) {
      client.setQueryData(KEY, "v1");
      QueryOptions<String> options =
          QueryOptions.builder(KEY, ctx -> new CompletableFuture<String>())
              .staleTime(Duration.ofDays(365L * 1000))
              .build();
      QueryObserver<String> observer = client.observer(options);

      assertThatCode(() -> observer.subscribe(r -> {})).doesNotThrowAnyException();
      assertThat(observer.current().stale()).isFalse();
    }
  }

  @Test
  void virtualTime_aLongDelay_isAccepted() {
    VirtualTime time = VirtualTime.create();
    assertThatCode(() -> time.scheduler().schedule(Duration.ofDays(365L * 1000), () -> {}))
        .doesNotThrowAnyException();
  }

  @Test
  void queryKey_mapKeysThatCollideAfterNormalisation_areNotSilentlyMerged() {
    Map<Object, Object> both = new java.util.HashMap<>();
    both.put(1, "int");
    both.put(1L, "long");
    // 1 and 1L are one key part after normalisation: refuse rather than drop one entry.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryKey.of("q", both))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("become equal");
  }

  @Test
  void queryKey_aLeadApiValueClassAsAPart_isAccepted() {
    assertThatCode(() -> QueryKey.of("businesses", BusinessStatus.NEW)).doesNotThrowAnyException();
  }

  @Test
  void virtualTime_aThrowingTask_leavesLaterDueTasksForRunDue() {
    VirtualTime time = VirtualTime.create();
    Scheduler scheduler = time.scheduler();
    List<String> log = new ArrayList<>();
    scheduler.schedule(
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("boom");
        });
    scheduler.schedule(Duration.ofSeconds(2), () -> log.add("b"));
    try {
      time.advance(Duration.ofSeconds(3));
    } catch (IllegalStateException expected) {
      // fall through
    }
    time.runDue();
    assertThat(log).containsExactly("b");
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void virtualTime_nestedAdvance_neverMovesTimeBackwards() {
    VirtualTime time = VirtualTime.create();
    time.scheduler().schedule(Duration.ofSeconds(1), () -> time.advance(Duration.ofSeconds(5)));
    time.advance(Duration.ofSeconds(2));
    assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void observer_aThousandYearStaleTime_aFetchThatCompletes_settlesTheEntry() throws Exception {
    VirtualTime time = VirtualTime.create();
    CompletableFuture<String> answer = new CompletableFuture<>();
    try (QueryClient client =
        QueryClient.builder()
            .clock(time.clock())
            .scheduler(time.scheduler())
            .callbackExecutor(Runnable::run)
            .build()) {
      QueryOptions<String> options =
          QueryOptions.builder(KEY, ctx -> answer).staleTime(Duration.ofDays(365L * 1000)).build();
      QueryObserver<String> observer = client.observer(options);
      observer.subscribe(r -> {});
      CompletableFuture<String> viaFetchQuery = client.fetchQuery(options);

      answer.complete("v1");

      assertThat(client.getQueryData(KEY)).isEqualTo("v1");
      assertThat(client.isFetching(io.github.freshet.query.QueryFilter.all())).isZero();
      assertThat(viaFetchQuery).isCompletedWithValue("v1");
    }
  }
}
