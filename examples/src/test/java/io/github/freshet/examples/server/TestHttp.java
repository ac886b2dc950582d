package io.github.freshet.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.client.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A plain HTTP client for the demo server: every exchange is checked against the contract (the
 * request too, unless it is deliberately invalid) and for the {@code X-Request-Id} echo.
 */
final class TestHttp {
  static final ObjectMapper JSON = ApiClient.defaultObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final String token;

  TestHttp(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** One answer. */
  record Exchange(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }
  }

  /** A request being set up. */
  final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String body;
    private boolean valid = true;
    private boolean inSpec = true;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
      headers.put("Authorization", "Bearer " + token);
      headers.put("X-Request-Id", UUID.randomUUID().toString());
      if (method.equals("POST") || method.equals("PATCH")) {
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
      }
    }

    Call body(String json) {
      this.body = json;
      headers.put("Content-Type", "application/json");
      return this;
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Call without(String name) {
      headers.remove(name);
      return this;
    }

    /** Checks the response alone: the request is deliberately not what the contract allows. */
    Call invalid() {
      this.valid = false;
      return this;
    }

    /** Skips the contract: the path is deliberately not in it. */
    Call outsideSpec() {
      this.inSpec = false;
      return this;
    }

    Exchange send() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
      headers.forEach(request::header);
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Exchange exchange =
          new Exchange(response.statusCode(), response.headers().map(), response.body());
      String requestId = headers.get("X-Request-Id");
      if (requestId != null) {
        assertThat(exchange.header("X-Request-Id")).as("X-Request-Id echo").isEqualTo(requestId);
      }
      if (exchange.status() >= 400) {
        assertThat(exchange.errorCode()).as("ErrorBody code of %s", exchange.body()).isNotEmpty();
      }
      if (!inSpec) {
        return exchange;
      }
      Contract.assertExchange(
          method,
          path,
          headers,
          body,
          exchange.status(),
          exchange.headers(),
          exchange.body(),
          valid);
      return exchange;
    }
  }

  Call call(String method, String path) {
    return new Call(method, path);
  }

  Exchange get(String path) {
    return call("GET", path).send();
  }

  Exchange post(String path, @Nullable String body) {
    Call call = call("POST", path);
    return (body == null ? call : call.body(body)).send();
  }
}
