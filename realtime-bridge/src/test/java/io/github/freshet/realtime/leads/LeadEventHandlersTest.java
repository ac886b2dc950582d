package io.github.freshet.realtime.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.leads.Business;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.realtime.RealtimeBridge;
import io.github.freshet.realtime.Transport;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interceptor sees every decoded event around its application, and can hold it back. */
final class LeadEventHandlersTest {
  private final QueryClient client = QueryClient.builder().build();
  private final CompletableFuture<Transport.Listener> connected = new CompletableFuture<>();
  private final RealtimeBridge bridge =
      RealtimeBridge.builder(
              client,
              (listener, lastEventId) -> {
                connected.complete(listener);
                return () -> {};
              })
          .build();

  @AfterEach
  void tearDown() {
    bridge.close();
    client.close();
  }

  private Transport.Listener startWith(LeadEventHandlers.Interceptor interceptor) throws Exception {
    LeadEventHandlers.register(
        bridge, client, ApiClient.defaultObjectMapper(), Clock.systemUTC(), interceptor);
    bridge.start();
    Transport.Listener listener = connected.get(30, TimeUnit.SECONDS);
    listener.onOpen(false);
    return listener;
  }

  private static String updated(long version) throws Exception {
    return ApiClient.defaultObjectMapper()
        .writeValueAsString(LeadEventApplierTest.business("b_1", "Plumbing", "Austin", version));
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("%s within 30 s", what).isTrue();
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  @Test
  void aFailedApplicationStillInvalidates_whenTheInterceptorSwallowsIt() throws Exception {
    // A String where a Business belongs: applying business:updated to it fails.
    QueryKey<String> wrong = QueryKey.of(LeadKeys.detail("b_1").parts().toArray());
    client.setQueryData(wrong, "not a business");
    Transport.Listener listener =
        startWith((event, apply) -> {
          try {
            apply.run();
          } catch (RuntimeException swallowed) {
            // A careless metrics interceptor.
          }
        });

    listener.onEvent(LeadEvents.BUSINESS_UPDATED, updated(2), "1");

    await("the failure to be counted", () -> bridge.counters().malformed() == 1);
    assertThat(Objects.requireNonNull(client.getQueryState(wrong)).invalidated()).isTrue();
    assertThat(bridge.counters().applied()).isZero();
  }

  @Test
  void anInterceptorFailingAfterAGoodApplication_leavesTheEventApplied() throws Exception {
    client.setQueryData(
        LeadKeys.detail("b_1"), LeadEventApplierTest.business("b_1", "Old", "Austin", 1));
    Transport.Listener listener =
        startWith((event, apply) -> {
          apply.run();
          throw new IllegalStateException("the interceptor's own bug");
        });

    listener.onEvent(LeadEvents.BUSINESS_UPDATED, updated(2), "1");

    await("the event to be applied", () -> bridge.counters().applied() == 1);
    assertThat(bridge.counters().malformed()).isZero();
    assertThat(Objects.requireNonNull(client.getQueryData(LeadKeys.detail("b_1"))).version())
        .isEqualTo(2);
  }

  @Test
  void interceptorRunsAroundEachApplication_andMayDropAnEvent() throws Exception {
    Business old = LeadEventApplierTest.business("b_1", "Plumbing", "Austin", 1);
    client.setQueryData(LeadKeys.detail("b_1"), old);
    List<String> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> twoSeen = new CompletableFuture<>();
    LeadEventHandlers.register(
        bridge,
        client,
        ApiClient.defaultObjectMapper(),
        Clock.systemUTC(),
        (event, apply) -> {
          Business before = Objects.requireNonNull(client.getQueryData(LeadKeys.detail("b_1")));
          if (event instanceof LeadEvent.BusinessDeleted) {
            seen.add("dropped delete");
          } else {
            apply.run();
            Business after = Objects.requireNonNull(client.getQueryData(LeadKeys.detail("b_1")));
            seen.add("v" + before.version() + " -> v" + after.version());
          }
          if (seen.size() == 2) {
            twoSeen.complete(null);
          }
        });
    bridge.start();
    Transport.Listener listener = connected.get(30, TimeUnit.SECONDS);
    listener.onOpen(false);

    String newer =
        ApiClient.defaultObjectMapper()
            .writeValueAsString(LeadEventApplierTest.business("b_1", "Plumbing Co", "Austin", 2));
    listener.onEvent(LeadEvents.BUSINESS_UPDATED, newer, "1");
    listener.onEvent(LeadEvents.BUSINESS_DELETED, "{\"id\":\"b_1\"}", "2");
    twoSeen.get(30, TimeUnit.SECONDS);

    assertThat(seen).containsExactly("v1 -> v2", "dropped delete");
    assertThat(client.getQueryData(LeadKeys.detail("b_1")))
        .as("the interceptor held the delete back")
        .isNotNull();
  }
}
