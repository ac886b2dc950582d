/**
 * Freshet's realtime bridge (layer 3): applies server events to the query cache.
 *
 * <p>{@code io.github.freshet.realtime} holds what is generic about server events; {@code
 * io.github.freshet.realtime.leads} decodes the Lead API's events and applies each to the cache.
 * {@link io.github.freshet.realtime.RealtimeBridge} keeps the connection (WebSocket or SSE).
 */
@org.jspecify.annotations.NullMarked
module io.github.freshet.realtime {
  requires transitive io.github.freshet.query;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports io.github.freshet.realtime;
  exports io.github.freshet.realtime.leads;

  opens io.github.freshet.realtime.leads to
      com.fasterxml.jackson.databind;
}
