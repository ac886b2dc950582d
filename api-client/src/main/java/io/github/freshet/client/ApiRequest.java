package io.github.freshet.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One call to an endpoint, before it is sent: method, path, query, headers and body. Immutable and
 * reusable; build one with {@link #builder(HttpMethod, String)}.
 *
 * <p>The path is a template such as {@code /api/businesses/{id}}; each {@code {name}} is replaced
 * by a {@linkplain Builder#pathParam path parameter}, percent-encoded as one path segment. The
 * template, with its method, names the {@linkplain #endpoint() endpoint} in logs and exceptions, so
 * neither carries an identifier or a query value.
 */
public final class ApiRequest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

  /** The header that makes a POST or PATCH eligible for retries. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final HttpMethod method;
  private final String pathTemplate;
  private final Map<String, String> pathParams;
  private final List<Map.Entry<String, String>> query;
  private final Map<String, String> headers;
  private final @Nullable Object body;
  private final boolean generateIdempotencyKey;

  private ApiRequest(Builder builder) {
    this.method = builder.method;
    this.pathTemplate = builder.pathTemplate;
    this.pathParams = Collections.unmodifiableMap(new LinkedHashMap<>(builder.pathParams));
    this.query = List.copyOf(builder.query);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
    this.body = builder.body;
    this.generateIdempotencyKey = builder.generateIdempotencyKey;
  }

  /**
   * Returns a builder for a request.
   *
   * @param method the HTTP method
   * @param pathTemplate the path relative to the client's base URL, starting with {@code /}, with
   *     {@code {name}} placeholders for path parameters
   * @return a new builder
   * @throws IllegalArgumentException if the template does not start with {@code /}
   */
  public static Builder builder(HttpMethod method, String pathTemplate) {
    return new Builder(method, pathTemplate);
  }

  /**
   * Returns the HTTP method.
   *
   * @return the method
   */
  public HttpMethod method() {
    return method;
  }

  /**
   * Returns the path template, such as {@code /api/businesses/{id}}.
   *
   * @return the template
   */
  public String pathTemplate() {
    return pathTemplate;
  }

  /**
   * Returns the endpoint's name for logs and errors: method and path template, such as {@code GET
   * /api/businesses/{id}}.
   *
   * @return the endpoint name
   */
  public String endpoint() {
    return method + " " + pathTemplate;
  }

  /**
   * Returns the path segments after the placeholders are replaced, not yet percent-encoded.
   *
   * @return the segments, without empty ones
   */
  public List<String> pathSegments() {
    List<String> segments = new ArrayList<>();
    for (String segment : pathTemplate.substring(1).split("/", -1)) {
      if (segment.isEmpty()) {
        continue;
      }
      Matcher matcher = PLACEHOLDER.matcher(segment);
      StringBuilder resolved = new StringBuilder();
      while (matcher.find()) {
        matcher.appendReplacement(resolved, "");
        resolved.append(pathParams.get(matcher.group(1)));
      }
      matcher.appendTail(resolved);
      segments.add(resolved.toString());
    }
    return segments;
  }

  /**
   * Returns the query parameters in the order they were added; a name may repeat.
   *
   * @return the query parameters, unmodifiable
   */
  public List<Map.Entry<String, String>> query() {
    return query;
  }

  /**
   * Returns the extra headers of this request (the client adds authorization, request id, user
   * agent and idempotency key itself).
   *
   * @return the headers, unmodifiable, in the order they were set
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Returns the object to send as the JSON body, or {@code null} for none.
   *
   * @return the body, or {@code null}
   */
  public @Nullable Object body() {
    return body;
  }

  /**
   * Returns whether the client generates an {@code Idempotency-Key} for each call of this request
   * (the same across the call's retries) when none was set explicitly.
   *
   * @return {@code true} if a key is generated
   */
  public boolean generatesIdempotencyKey() {
    return generateIdempotencyKey;
  }

  /**
   * Returns whether a call of this request may be retried: an idempotent method, or a request with
   * an {@code Idempotency-Key}, set or generated.
   *
   * @return {@code true} if the retry policy applies
   */
  public boolean isRetryable() {
    return method.isIdempotent() || generateIdempotencyKey || headerValue(IDEMPOTENCY_KEY) != null;
  }

  /**
   * Returns the value of one of this request's own headers, ignoring the name's case.
   *
   * @param name the header name
   * @return the value, or {@code null} if not set
   */
  public @Nullable String headerValue(String name) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  /**
   * Returns a new idempotency key: a random UUID.
   *
   * @return a new key
   */
  static String newIdempotencyKey() {
    return UUID.randomUUID().toString();
  }

  @Override
  public String toString() {
    return "ApiRequest{" + endpoint() + '}';
  }

  /** Builds an {@link ApiRequest}; every setter validates its argument at once. */
  public static final class Builder {
    private final HttpMethod method;
    private final String pathTemplate;
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Object body;
    private boolean generateIdempotencyKey;

    private Builder(HttpMethod method, String pathTemplate) {
      this.method = Objects.requireNonNull(method, "method");
      Objects.requireNonNull(pathTemplate, "pathTemplate");
      if (!pathTemplate.startsWith("/")) {
        throw new IllegalArgumentException("pathTemplate must start with '/': " + pathTemplate);
      }
      if (pathTemplate.contains("?") || pathTemplate.contains("#")) {
        throw new IllegalArgumentException(
            "pathTemplate must not hold a query or fragment; use query(...): " + pathTemplate);
      }
      this.pathTemplate = pathTemplate;
    }

    /**
     * Sets the value of a {@code {name}} placeholder in the path template.
     *
     * @param name the placeholder's name
     * @param value the value, percent-encoded as part of one path segment when sent
     * @return this builder
     * @throws IllegalArgumentException if the template has no such placeholder, or the value is
     *     empty, {@code .} or {@code ..}
     */
    public Builder pathParam(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!pathTemplate.contains("{" + name + "}")) {
        throw new IllegalArgumentException("No {" + name + "} in " + pathTemplate);
      }
      if (value.isEmpty() || value.equals(".") || value.equals("..")) {
        throw new IllegalArgumentException(
            "Invalid value for path parameter " + name + ": '" + value + "'");
      }
      pathParams.put(name, value);
      return this;
    }

    /**
     * Adds a query parameter; a {@code null} value adds nothing, so optional filters need no {@code
     * if}.
     *
     * @param name the parameter name
     * @param value the value, converted with {@link String#valueOf(Object)}; enums use their {@code
     *     toString()}
     * @return this builder
     */
    public Builder query(String name, @Nullable Object value) {
      Objects.requireNonNull(name, "name");
      if (value != null) {
        query.add(Map.entry(name, String.valueOf(value)));
      }
      return this;
    }

    /**
     * Sets a header of this request, replacing an earlier value of the same name.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the name is {@code Authorization} (the client's token
     *     supplier sets it), or the name or value holds a character HTTP/1.1 does not allow (line
     *     breaks, controls, non-ASCII)
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.equalsIgnoreCase("Authorization")) {
        throw new IllegalArgumentException("Set the token on ApiClient.Builder, not per request");
      }
      if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
        throw new IllegalArgumentException("Invalid header name: '" + name + "'");
      }
      if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
        throw new IllegalArgumentException(
            "Header " + name + " holds a character outside printable ASCII");
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /**
     * Sets the object to send as the JSON body.
     *
     * @param body the body, serialized with the client's {@code ObjectMapper}
     * @return this builder
     * @throws IllegalArgumentException if the method carries no body (GET, HEAD, DELETE)
     */
    public Builder body(Object body) {
      Objects.requireNonNull(body, "body");
      if (!method.hasBody()) {
        throw new IllegalArgumentException(method + " requests carry no body");
      }
      this.body = body;
      return this;
    }

    /**
     * Makes the client generate an {@code Idempotency-Key} for each call (the same across the
     * call's retries), so that a POST or PATCH may be retried. The server must honour the key.
     *
     * @return this builder
     */
    public Builder idempotencyKey() {
      this.generateIdempotencyKey = true;
      return this;
    }

    /**
     * Sets an explicit {@code Idempotency-Key}, for callers that keep the key across calls (after a
     * restart, say).
     *
     * @param key the key
     * @return this builder
     */
    public Builder idempotencyKey(String key) {
      return header(IDEMPOTENCY_KEY, key);
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException if a placeholder of the template has no value
     */
    public ApiRequest build() {
      Matcher matcher = PLACEHOLDER.matcher(pathTemplate);
      while (matcher.find()) {
        if (!pathParams.containsKey(matcher.group(1))) {
          throw new IllegalStateException(
              "No value for path parameter {" + matcher.group(1) + "} of " + pathTemplate);
        }
      }
      return new ApiRequest(this);
    }
  }
}
