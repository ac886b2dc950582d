/**
 * Freshet's typed HTTP client (layer 1) and the typed Lead API SDK built on it.
 *
 * <p>{@code io.github.freshet.client} holds the generic client: requests, retries, errors and
 * interceptors. {@code io.github.freshet.client.leads} binds it to the Lead API. OkHttp and Jackson
 * are part of the API only where a user injects an {@code OkHttpClient} or an {@code ObjectMapper},
 * hence the transitive requirements.
 */
@org.jspecify.annotations.NullMarked
@SuppressWarnings("requires-automatic") // resilience4j ships automatic module names only.
module io.github.freshet.client {
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires io.github.resilience4j.retry;
  requires io.github.resilience4j.core;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports io.github.freshet.client;
  exports io.github.freshet.client.leads;

  // Jackson reflects on the Lead API records and on ExtensibleEnum, their enumerations' base.
  opens io.github.freshet.client to
      com.fasterxml.jackson.databind;
  opens io.github.freshet.client.leads to
      com.fasterxml.jackson.databind;
}
