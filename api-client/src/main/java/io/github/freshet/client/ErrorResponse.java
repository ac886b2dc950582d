package io.github.freshet.client;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Everything a failed response said: status, headers, error body, and which call it answered.
 * Carried by every {@link FreshetServiceException}.
 *
 * @param statusCode the HTTP status code
 * @param headers the response headers; names are case-insensitive, values in arrival order
 * @param error the parsed error body
 * @param endpoint the endpoint that answered, such as {@code GET /api/businesses/{id}}
 * @param requestId the {@code X-Request-Id} the call carried, or {@code null}
 * @param retryAfter the delay the server asked for in {@code Retry-After}, or {@code null}
 */
public record ErrorResponse(
    int statusCode,
    Map<String, List<String>> headers,
    ApiError error,
    String endpoint,
    @Nullable String requestId,
    @Nullable Duration retryAfter) {

  /**
   * Validates the components and copies the headers into an unmodifiable, case-insensitive map.
   *
   * @throws IllegalArgumentException if {@code statusCode} is not a three-digit status (100 to 999;
   *     servers and proxies do send codes above 599)
   */
  public ErrorResponse {
    if (statusCode < 100 || statusCode > 999) {
      throw new IllegalArgumentException("statusCode out of range: " + statusCode);
    }
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(endpoint, "endpoint");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the first value of a header, or {@code null} if the response did not carry it.
   *
   * @param name the header name, in any case
   * @return the first value, or {@code null}
   */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns a description for logs: every component, with the values of headers that can carry
   * credentials or sessions ({@code Set-Cookie}, {@code Cookie}, {@code Authorization}, {@code
   * Proxy-Authorization}, {@code WWW-Authenticate}, {@code Proxy-Authenticate}) replaced.
   *
   * @return the description
   */
  @Override
  public String toString() {
    Map<String, Object> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) ->
        shown.put(name, SENSITIVE_HEADERS.contains(name) ? "[redacted]" : values));
    return "ErrorResponse[statusCode="
        + statusCode
        + ", headers="
        + shown
        + ", error="
        + error
        + ", endpoint="
        + endpoint
        + ", requestId="
        + requestId
        + ", retryAfter="
        + retryAfter
        + "]";
  }

  private static final Set<String> SENSITIVE_HEADERS = sensitiveHeaders();

  private static Set<String> sensitiveHeaders() {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(
        List.of(
            "Set-Cookie",
            "Cookie",
            "Authorization",
            "Proxy-Authorization",
            "WWW-Authenticate",
            "Proxy-Authenticate"));
    return Collections.unmodifiableSet(names);
  }
}
