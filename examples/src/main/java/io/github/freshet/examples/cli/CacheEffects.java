package io.github.freshet.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.query.FetchStatus;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QuerySnapshot;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.realtime.RealtimeBridge;
import io.github.freshet.realtime.leads.LeadEvent;
import io.github.freshet.realtime.leads.LeadEventHandlers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Applies Lead events through {@code LeadEventHandlers}, as every application does, and reports
 * what each did to the cache: the entries it added, updated, invalidated or removed (compared by
 * snapshot before and after). This is the {@code watch} command's feed, the devtools view of layer
 * 3 acting on layer 2.
 */
final class CacheEffects {
  private CacheEffects() {}

  /**
   * Registers the bridge's Lead handlers with an interceptor that reports each event's effects.
   *
   * @param listener hears each applied event and its effects, on the bridge's event thread
   */
  static void install(
      RealtimeBridge bridge,
      QueryClient cache,
      ObjectMapper mapper,
      BiConsumer<LeadEvent, List<String>> listener) {
    LeadEventHandlers.register(
        bridge,
        cache,
        mapper,
        Clock.systemUTC(),
        (event, apply) -> {
          Map<QueryKey<?>, QuerySnapshot> before = byKey(cache.snapshot());
          apply.run();
          listener.accept(event, diff(before, byKey(cache.snapshot()), writesDirectly(event)));
        });
  }

  /** Describes an event in a few words: its type and what it is about. */
  static String describe(LeadEvent event) {
    if (event instanceof LeadEvent.BusinessCreated created) {
      return "business:created " + created.business().id() + " " + created.business().name();
    }
    if (event instanceof LeadEvent.BusinessUpdated updated) {
      return String.format(
          "business:updated %s v%d (%s, enrichment %s)",
          updated.business().id(),
          updated.business().version(),
          updated.business().status(),
          updated.business().enrichment());
    }
    if (event instanceof LeadEvent.BusinessDeleted deleted) {
      return "business:deleted " + deleted.id();
    }
    if (event instanceof LeadEvent.ScrapingProgress progress) {
      return "scraping:progress " + progress.jobId() + " " + progress.progress() + "%";
    }
    if (event instanceof LeadEvent.ScrapingComplete complete) {
      return String.format(
          "scraping:complete %s found %d, saved %d",
          complete.jobId(), complete.found(), complete.saved());
    }
    if (event instanceof LeadEvent.EnrichmentComplete complete) {
      return "enrichment:complete "
          + complete.businessId()
          + (complete.state() == null ? "" : " " + complete.state());
    }
    return "stats:updated";
  }

  /**
   * Which entries the event writes to directly, as the catalogue says (docs/events.md); it
   * invalidates the others it touches. A refetch on loopback can land before the snapshot after the
   * event is taken, and then looks like a write: this tells the two apart.
   */
  static Predicate<QueryKey<?>> writesDirectly(LeadEvent event) {
    if (event instanceof LeadEvent.BusinessCreated
        || event instanceof LeadEvent.BusinessUpdated
        || event instanceof LeadEvent.BusinessDeleted) {
      return key -> true;
    }
    if (event instanceof LeadEvent.ScrapingProgress
        || event instanceof LeadEvent.ScrapingComplete) {
      return key -> key.startsWith(LeadKeys.jobs());
    }
    return key -> false; // enrichment:complete and stats:updated only invalidate.
  }

  static Map<QueryKey<?>, QuerySnapshot> byKey(List<QuerySnapshot> snapshots) {
    Map<QueryKey<?>, QuerySnapshot> byKey = new LinkedHashMap<>();
    for (QuerySnapshot snapshot : snapshots) {
      byKey.put(snapshot.key(), snapshot);
    }
    return byKey;
  }

  static List<String> diff(
      Map<QueryKey<?>, QuerySnapshot> before,
      Map<QueryKey<?>, QuerySnapshot> after,
      Predicate<QueryKey<?>> writtenDirectly) {
    List<String> effects = new ArrayList<>();
    for (Map.Entry<QueryKey<?>, QuerySnapshot> entry : after.entrySet()) {
      QuerySnapshot was = before.get(entry.getKey());
      QuerySnapshot now = entry.getValue();
      if (was == null) {
        effects.add("added " + Tables.key(entry.getKey()));
      } else if (now.state().dataUpdateCount() > was.state().dataUpdateCount()) {
        effects.add(
            (writtenDirectly.test(entry.getKey()) ? "updated " : "invalidated and refetched ")
                + Tables.key(entry.getKey()));
      } else if (now.state().invalidated() && !was.state().invalidated()) {
        effects.add(
            "invalidated "
                + Tables.key(entry.getKey())
                + (now.state().fetchStatus() == FetchStatus.FETCHING ? " (refetching)" : ""));
      }
    }
    for (QueryKey<?> key : before.keySet()) {
      if (!after.containsKey(key)) {
        effects.add("removed " + Tables.key(key));
      }
    }
    return effects;
  }
}
