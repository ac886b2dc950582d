package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of up to 8 optimistic mutations with random outcomes, other clients' writes,
 * pushed server data and fetches answered out of order, against a fake server. After every step: a
 * mutation whose success was delivered is visible, one whose failure was delivered is not, a
 * pending one is. After everything settles and one last fetch lands: the visible value is exactly
 * the server's, and no layer remains. A seeded loop: a failure names its seed.
 */
final class OptimisticLayersPropertyTest {
  private static final int CASES = 1_000;
  private static final QueryKey<List<String>> KEY = QueryKey.of("todos");

  @Test
  void randomInterleavings_endWithTheServersValueAndNoLayer() {
    for (int seed = 0; seed < CASES; seed++) {
      new Case(seed).run();
    }
  }

  /** One generated case. */
  private static final class Case {
    final long seed;
    final SplittableRandom random;
    final VirtualTime time = VirtualTime.create();
    final QueryClient client = TestClients.onVirtualTime(time);
    final List<String> server = new ArrayList<>(List.of("seed"));
    final ManualFetcher<List<String>> fetcher = new ManualFetcher<>();
    final Map<Integer, List<String>> served = new LinkedHashMap<>(); // fetch call -> snapshot
    final List<Integer> deliveredFetches = new ArrayList<>();
    final List<MutationCall> mutations = new ArrayList<>();
    final int mutationCount;
    int otherWrites;

    /** One mutation: its request, the server's decision, and the response's delivery. */
    static final class MutationCall {
      final String item;
      final CompletableFuture<String> response = new CompletableFuture<>();
      @Nullable Boolean succeeded; // null until the server processed it
      boolean delivered;

      MutationCall(String item) {
        this.item = item;
      }
    }

    Case(long seed) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
      this.mutationCount = 1 + random.nextInt(8);
    }

    QueryOptions<List<String>> options() {
      return QueryOptions.builder(KEY, fetcher).retry(0).build();
    }

    void run() {
      try {
        client.setQueryData(KEY, List.copyOf(server));
        if (random.nextBoolean()) {
          client.observer(options()).subscribe(result -> {}); // Invalidations refetch then.
        }
        MutationObserver<String, String, Void> adds =
            client.mutationObserver(
                MutationOptions.<String, String, Void>builder(this::request)
                    .onMutate((item, optimistic) -> {
                      optimistic.update(KEY, list -> withItem(list, item));
                      return null;
                    })
                    .build());
        for (int step = 0; step < 200 && !finished(); step++) {
          step(adds);
          checkInvariants("after step " + step);
        }
        settleEverything();
        var last = client.fetchQuery(options());
        serveAndDeliverAll();
        assertThat(last).as(context("the last fetch")).isDone();
        assertThat(client.getQueryData(KEY)).as(context("final value")).isEqualTo(server);
        Query<List<String>> entry = Objects.requireNonNull(client.cached(KEY), context("entry"));
        assertThat(entry.layerCount()).as(context("layers left")).isZero();
      } finally {
        client.close();
      }
    }

    CompletableFuture<String> request(String item) {
      MutationCall call =
          mutations.stream().filter(m -> m.item.equals(item)).findFirst().orElseThrow();
      return call.response;
    }

    static List<String> withItem(List<String> list, String item) {
      if (list.contains(item)) {
        return list;
      }
      List<String> next = new ArrayList<>(list);
      next.add(item);
      return List.copyOf(next);
    }

    boolean finished() {
      return mutations.size() == mutationCount && mutations.stream().allMatch(m -> m.delivered);
    }

    void step(MutationObserver<String, String, Void> adds) {
      switch (random.nextInt(8)) {
        case 0, 1 -> {
          if (mutations.size() < mutationCount) {
            MutationCall call = new MutationCall("m" + mutations.size());
            mutations.add(call);
            var unused = adds.mutate(call.item);
          }
        }
        case 2 -> process(pick(mutations.stream().filter(m -> m.succeeded == null).toList()));
        case 3 ->
            deliver(
                pick(mutations.stream().filter(m -> m.succeeded != null && !m.delivered).toList()));
        case 4 -> {
          if (otherWrites < 3) {
            server.add("x" + otherWrites++);
          }
        }
        case 5 -> {
          var unused = client.fetchQuery(options());
        }
        case 6 -> {
          if (random.nextBoolean()) {
            serve(pick(unserved()));
          } else {
            deliverFetch(pick(undelivered()));
          }
        }
        default -> client.setQueryData(KEY, List.copyOf(server)); // Pushed by the server.
      }
    }

    void process(@Nullable MutationCall call) {
      if (call == null) {
        return;
      }
      boolean success = random.nextInt(10) < 6;
      call.succeeded = success;
      if (success) {
        server.add(call.item);
      }
    }

    void deliver(@Nullable MutationCall call) {
      if (call == null) {
        return;
      }
      call.delivered = true;
      if (Boolean.TRUE.equals(call.succeeded)) {
        call.response.complete("saved " + call.item);
      } else {
        call.response.completeExceptionally(new IllegalStateException("rejected " + call.item));
      }
    }

    List<Integer> unserved() {
      List<Integer> result = new ArrayList<>();
      for (int i = 0; i < fetcher.count(); i++) {
        if (!served.containsKey(i)) {
          result.add(i);
        }
      }
      return result;
    }

    List<Integer> undelivered() {
      List<Integer> result = new ArrayList<>();
      for (Integer i : served.keySet()) {
        if (!deliveredFetches.contains(i)) {
          result.add(i);
        }
      }
      return result;
    }

    void serve(@Nullable Integer call) {
      if (call != null) {
        served.put(call, List.copyOf(server));
      }
    }

    void deliverFetch(@Nullable Integer call) {
      if (call != null) {
        deliveredFetches.add(call);
        fetcher.call(call).future().complete(served.get(call));
      }
    }

    <T> @Nullable T pick(List<T> candidates) {
      return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    void settleEverything() {
      for (MutationCall call : mutations) {
        if (call.succeeded == null) {
          process(call);
        }
      }
      for (MutationCall call : mutations) {
        if (!call.delivered) {
          deliver(call);
        }
        checkInvariants("while settling");
      }
      serveAndDeliverAll();
    }

    void serveAndDeliverAll() {
      for (int round = 0;
          round < 100 && !(unserved().isEmpty() && undelivered().isEmpty());
          round++) {
        unserved().forEach(this::serve);
        undelivered().forEach(this::deliverFetch);
      }
      assertThat(unserved()).as(context("fetches left")).isEmpty();
    }

    void checkInvariants(String when) {
      List<String> visible = client.getQueryData(KEY);
      assertThat(visible).as(context("data " + when)).isNotNull();
      for (MutationCall call : mutations) {
        if (!call.delivered) {
          assertThat(visible)
              .as(context("pending " + call.item + " shows, " + when))
              .contains(call.item);
        } else if (Boolean.TRUE.equals(call.succeeded)) {
          assertThat(visible)
              .as(context("succeeded " + call.item + " stays, " + when))
              .contains(call.item);
        } else {
          assertThat(visible)
              .as(context("failed " + call.item + " goes, " + when))
              .doesNotContain(call.item);
        }
      }
    }

    String context(String what) {
      return "seed " + seed + ": " + what + " (server " + server + ")";
    }
  }
}
