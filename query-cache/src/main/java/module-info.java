/**
 * Freshet's query cache (layer 2): a query-key-addressed cache with TanStack Query v5 semantics.
 *
 * <p>The cache itself arrives with the query-cache issue; this module already builds so that the
 * layers above can depend on it.
 */
@org.jspecify.annotations.NullMarked
module io.github.freshet.query {
  requires transitive io.github.freshet.client;
  requires static transitive org.jspecify;
}
