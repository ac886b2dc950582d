/**
 * Freshet's realtime bridge (layer 3): applies server events from a WebSocket or SSE connection to
 * the query cache.
 *
 * <p>The bridge arrives with the realtime issue; this module already builds so that the examples
 * can depend on it.
 */
@org.jspecify.annotations.NullMarked
module io.github.freshet.realtime {
  requires transitive io.github.freshet.query;
  requires static transitive org.jspecify;
}
