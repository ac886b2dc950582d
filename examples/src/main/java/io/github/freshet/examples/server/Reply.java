package io.github.freshet.examples.server;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP answer, computed before it is written, so that an idempotent replay can write it again.
 *
 * @param status the HTTP status
 * @param json the JSON body, or {@code null} for none
 * @param headers extra response headers
 */
record Reply(int status, @Nullable String json, Map<String, String> headers) {
  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply of(int status, @Nullable String json) {
    return new Reply(status, json, Map.of());
  }
}
