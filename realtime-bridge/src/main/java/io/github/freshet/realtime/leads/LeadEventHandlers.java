package io.github.freshet.realtime.leads;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.realtime.RealtimeBridge;
import java.time.Clock;
import java.util.Objects;

/**
 * Registers a handler for every Lead API event on a bridge: decode with {@link LeadEvents}, apply
 * with {@link LeadEventApplier}. A malformed event is not left to leave the cache wrong: the
 * entries its type concerns are invalidated (businesses, jobs, or statistics), then it is reported
 * to the bridge, which counts and logs it.
 */
public final class LeadEventHandlers {
  private LeadEventHandlers() {}

  /**
   * Registers the Lead handlers.
   *
   * @param bridge the bridge
   * @param client the cache (the bridge's)
   * @param mapper decodes event data (the API client's mapper)
   * @param clock stamps job changes
   */
  public static void register(
      RealtimeBridge bridge, QueryClient client, ObjectMapper mapper, Clock clock) {
    register(bridge, client, mapper, clock, (event, apply) -> apply.run());
  }

  /**
   * Registers the Lead handlers, with an interceptor around each decoded event's application: to
   * observe what events do to the cache (a devtools feed, metrics, tracing) without handling them a
   * second way.
   *
   * @param bridge the bridge
   * @param client the cache (the bridge's)
   * @param mapper decodes event data (the API client's mapper)
   * @param clock stamps job changes
   * @param interceptor runs around each application, on the bridge's event thread
   */
  public static void register(
      RealtimeBridge bridge,
      QueryClient client,
      ObjectMapper mapper,
      Clock clock,
      Interceptor interceptor) {
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(interceptor, "interceptor");
    LeadEventApplier applier = new LeadEventApplier(client, clock);
    for (String type : LeadEvents.TYPES) {
      bridge.on(
          type,
          (eventType, data) -> {
            try {
              LeadEvents.decode(eventType, data, mapper)
                  .ifPresent(event -> interceptor.around(event, () -> applier.apply(event)));
            } catch (RuntimeException e) { // Malformed, or failed to apply: do not leave it wrong.
              var unused = client.invalidateQueries(QueryFilter.prefix(concerned(eventType)));
              throw e;
            }
          });
    }
  }

  /** Runs around the application of each decoded Lead event. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * Applies the event by running {@code apply} once, doing what it likes before and after. Not
     * running it drops the event; an exception counts the event as malformed and invalidates the
     * entries its type concerns.
     *
     * @param event the decoded event
     * @param apply applies it to the cache
     */
    void around(LeadEvent event, Runnable apply);
  }

  private static QueryKey<?> concerned(String type) {
    if (type.startsWith("scraping:")) {
      return LeadKeys.jobs();
    }
    if (type.equals(LeadEvents.STATS_UPDATED)) {
      return LeadKeys.stats();
    }
    return LeadKeys.all();
  }
}
