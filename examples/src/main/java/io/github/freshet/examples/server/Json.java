package io.github.freshet.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.freshet.client.ApiClient;

/**
 * The server's JSON: the client's own mapper, so that server and client agree on the wire format by
 * construction.
 */
final class Json {
  static final ObjectMapper MAPPER = mapper();

  private Json() {}

  /**
   * The client's mapper without is-getter detection: convenience methods such as {@code
   * Health.isOk()} and {@code ScrapeJob.isDone()} are not wire properties.
   */
  private static ObjectMapper mapper() {
    ObjectMapper mapper = ApiClient.defaultObjectMapper();
    if (mapper instanceof JsonMapper json) {
      return json.rebuild().disable(MapperFeature.AUTO_DETECT_IS_GETTERS).build();
    }
    return mapper;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getName(), e);
    }
  }

  static String errorBody(String code, String message) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return body.toString();
  }
}
