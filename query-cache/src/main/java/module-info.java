/**
 * Freshet's query cache (layer 2): a query-key-addressed cache with TanStack Query v5 semantics.
 *
 * <p>{@code io.github.freshet.query} holds the generic cache: keys, options, the client, observers
 * and virtual time for tests. {@code io.github.freshet.query.leads} binds it to the Lead API.
 * Caffeine works underneath and appears in no public signature.
 */
@org.jspecify.annotations.NullMarked
module io.github.freshet.query {
  requires transitive io.github.freshet.client;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports io.github.freshet.query;
  exports io.github.freshet.query.leads;
}
