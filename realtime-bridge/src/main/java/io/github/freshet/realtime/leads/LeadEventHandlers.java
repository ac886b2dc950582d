package io.github.freshet.realtime.leads;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryFilter;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.leads.LeadKeys;
import io.github.freshet.realtime.RealtimeBridge;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a handler for every Lead API event on a bridge: decode with {@link LeadEvents}, apply
 * with {@link LeadEventApplier}. A malformed event is not left to leave the cache wrong: the
 * entries its type concerns are invalidated (businesses, jobs, or statistics), then it is reported
 * to the bridge, which counts and logs it.
 */
public final class LeadEventHandlers {
  private static final Logger log = LoggerFactory.getLogger(LeadEventHandlers.class);

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
            Optional<LeadEvent> decoded;
            try {
              decoded = LeadEvents.decode(eventType, data, mapper);
            } catch (RuntimeException e) { // Malformed: do not leave the cache wrong.
              invalidateConcerned(client, eventType);
              throw e;
            }
            if (decoded.isPresent()) {
              applyThrough(interceptor, decoded.get(), applier, client, eventType);
            }
          });
    }
  }

  /**
   * Applies an event through the interceptor. Whatever the interceptor does, a failed application
   * invalidates the entries the event concerns and reaches the bridge (which counts it as
   * malformed); an interceptor that fails after a good application is only logged.
   */
  private static void applyThrough(
      Interceptor interceptor,
      LeadEvent event,
      LeadEventApplier applier,
      QueryClient client,
      String type) {
    AtomicBoolean ran = new AtomicBoolean();
    AtomicReference<@Nullable RuntimeException> failed = new AtomicReference<>();
    Runnable apply =
        () -> {
          if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException("An interceptor ran apply twice for " + type);
          }
          try {
            applier.apply(event);
          } catch (RuntimeException e) {
            failed.set(e);
            throw e;
          }
        };
    try {
      interceptor.around(event, apply);
    } catch (RuntimeException e) {
      if (failed.get() == null) {
        log.warn("The Lead event interceptor failed on {}; the event was handled", type, e);
      }
    }
    RuntimeException failure = failed.get();
    if (failure != null) {
      invalidateConcerned(client, type);
      throw failure;
    }
  }

  private static void invalidateConcerned(QueryClient client, String type) {
    var unused = client.invalidateQueries(QueryFilter.prefix(concerned(type)));
  }

  /**
   * Runs around the application of each decoded Lead event: to observe what events do to the cache
   * (a devtools feed, metrics, tracing). The cache stays right whatever an interceptor does: if the
   * application fails, the entries the event concerns are invalidated and the bridge counts the
   * event as malformed, even when the interceptor catches the failure; if the interceptor fails
   * after a good application, that is logged and the event counts as applied.
   */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * Applies the event by running {@code apply} at most once (a second run throws), doing what it
     * likes before and after. Not running it drops the event (the bridge still counts it as
     * applied).
     *
     * @param event the decoded event
     * @param apply applies it to the cache; rethrows the application's failure
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
