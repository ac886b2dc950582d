package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ApiRequestTest {
  @Test
  void resolvesPathParameters_andNamesTheEndpointByTemplate() {
    ApiRequest request =
        ApiRequest.builder(HttpMethod.GET, "/api/businesses/{id}/contacts")
            .pathParam("id", "b 1")
            .build();

    assertThat(request.pathSegments()).containsExactly("api", "businesses", "b 1", "contacts");
    assertThat(request.endpoint()).isEqualTo("GET /api/businesses/{id}/contacts");
    assertThat(request).hasToString("ApiRequest{GET /api/businesses/{id}/contacts}");
  }

  @Test
  void queryKeepsOrderAndSkipsNulls() {
    ApiRequest request =
        ApiRequest.builder(HttpMethod.GET, "/api/businesses")
            .query("city", "Austin")
            .query("page", null)
            .query("tag", "a")
            .query("tag", "b")
            .build();

    assertThat(request.query())
        .containsExactly(Map.entry("city", "Austin"), Map.entry("tag", "a"), Map.entry("tag", "b"));
  }

  @Test
  void retryability_followsMethodAndIdempotencyKey() {
    assertThat(ApiRequest.builder(HttpMethod.GET, "/x").build().isRetryable()).isTrue();
    assertThat(ApiRequest.builder(HttpMethod.DELETE, "/x").build().isRetryable()).isTrue();
    assertThat(ApiRequest.builder(HttpMethod.PUT, "/x").build().isRetryable()).isTrue();
    assertThat(ApiRequest.builder(HttpMethod.POST, "/x").build().isRetryable()).isFalse();
    assertThat(ApiRequest.builder(HttpMethod.PATCH, "/x").build().isRetryable()).isFalse();
    assertThat(ApiRequest.builder(HttpMethod.POST, "/x").idempotencyKey().build().isRetryable())
        .isTrue();
    assertThat(ApiRequest.builder(HttpMethod.PATCH, "/x").idempotencyKey("k").build().isRetryable())
        .isTrue();
  }

  @Test
  void headersReplaceCaseInsensitively() {
    ApiRequest request =
        ApiRequest.builder(HttpMethod.GET, "/x").header("X-A", "1").header("x-a", "2").build();

    assertThat(request.headers()).containsExactly(Map.entry("x-a", "2"));
    assertThat(request.headerValue("X-A")).isEqualTo("2");
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "api/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/api/x?y=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query(...)");
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/api/{id}").pathParam("nope", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/api/{id}").pathParam("id", ".."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/api/{id}").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{id}");
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/x").body("{}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/x").header("Authorization", "t"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/x").header("X", "a\r\nB: c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/x").header("X", "café"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.builder(HttpMethod.GET, "/x").header("X Y", "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void responseType_capturesGenericTypes() {
    ResponseType<Map<String, List<Integer>>> type = new ResponseType<>() {};

    assertThat(type.type().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.util.List<java.lang.Integer>>");
    assertThat(ResponseType.listOf(String.class).type().getTypeName())
        .isEqualTo("java.util.List<java.lang.String>");
    assertThat(ResponseType.none().isNone()).isTrue();
    assertThat(ResponseType.of(String.class).isNone()).isFalse();
  }

  @Test
  void builderRejectsBadClientSettings() {
    assertThatThrownBy(() -> ApiClient.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiClient.builder().baseUrl("http://x/?a=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiClient.builder().userAgent(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiClient.builder().maxResponseBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiClient.builder().readTimeout(java.time.Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiClient.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("baseUrl");
  }
}
