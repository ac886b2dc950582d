package io.github.freshet.realtime.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.client.ApiClient;
import io.github.freshet.client.leads.Business;
import io.github.freshet.query.QueryClient;
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
