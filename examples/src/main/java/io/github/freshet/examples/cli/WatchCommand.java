package io.github.freshet.examples.cli;

import io.github.freshet.realtime.ConnectionState;
import io.github.freshet.realtime.leads.LeadEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code freshet watch}: the live event feed, and what each event did to the cache. It keeps the
 * first page of businesses and the statistics observed, as a screen would, so that events have
 * entries to act on.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Follow the server's events and show what each did to the cache.")
// Listener registrations are scoped by try-with-resources; the bodies need not name them.
@SuppressWarnings("try")
final class WatchCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
  @Nullable Integer count;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, e.g. PT30S (default: until Ctrl-C).")
  @Nullable Duration duration;

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    if (count != null && count < 1) {
      throw new IllegalArgumentException("--count must be at least 1: " + count);
    }
    CompletableFuture<@Nullable Void> enough = new CompletableFuture<>();
    AtomicInteger seen = new AtomicInteger();
    try (Session session = cli.connect();
        Dashboard unusedDashboard = Dashboard.open(session)) {
      console.say(
          "watching %s events from %s (cache: first page of businesses, statistics)",
          session.transportName(), cli.baseUrl());
      session.bridge(bridge -> {
        bridge.onStateChange(state -> {
          console.say("connection: %s", Session.describe(state));
          console.jsonLine(Session.json(state));
          if (state instanceof ConnectionState.Closed) {
            enough.complete(null);
          }
        });
        CacheEffects.install(
            bridge,
            session.cache(),
            session.leads().api().objectMapper(),
            (event, effects) -> {
              int number = seen.incrementAndGet();
              report(console, number, event, effects);
              if (count != null && number >= count) {
                enough.complete(null);
              }
            });
      });
      try {
        if (duration != null) {
          enough.get(duration.toMillis(), TimeUnit.MILLISECONDS);
        } else {
          enough.get();
        }
      } catch (TimeoutException durationOver) {
        // --duration has passed: a normal end.
      }
      ConnectionState state = session.bridge(bridge -> {}).state();
      if (state instanceof ConnectionState.Closed closed) {
        console.error("freshet: the event stream closed: %s", closed.reason());
        return ExitCodes.ofClosed(closed);
      }
    }
    return ExitCodes.OK;
  }

  private static void report(Console console, int number, LeadEvent event, List<String> effects) {
    console.say("#%d %s", number, CacheEffects.describe(event));
    if (effects.isEmpty()) {
      console.say("     cache: no entry concerned");
    }
    for (String effect : effects) {
      console.say("     cache: %s", effect);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("event", CacheEffects.describe(event));
    json.put("effects", effects);
    console.jsonLine(json);
  }
}
