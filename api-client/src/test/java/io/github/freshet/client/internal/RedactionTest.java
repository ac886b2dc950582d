package io.github.freshet.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

final class RedactionTest {
  @Test
  void pathAndQuery_redactsCredentialLikeParameters() {
    HttpUrl url =
        HttpUrl.get(
            "http://h/api/x?city=Austin&access_token=s1&api_key=s2&signature=s3&page=2&flag");

    assertThat(Redaction.pathAndQuery(url))
        .isEqualTo(
            "/api/x?city=Austin&access_token=[redacted]&api_key=[redacted]"
                + "&signature=[redacted]&page=2&flag");
  }

  @Test
  void pathAndQuery_keepsControlCharactersEncoded_soNoLogLineCanBeForged() {
    HttpUrl url = HttpUrl.get("http://h/api/x?search=a%0D%0AINFO%20forged&page=2");

    assertThat(Redaction.pathAndQuery(url)).isEqualTo("/api/x?search=a%0D%0AINFO forged&page=2");
  }

  @Test
  void excerpt_redactsTokensAndSecretFields_beforeCutting() {
    String body =
        "{\"token\":\"abc\",\"password\": \"hunter2\",\"note\":\"my-token-value here\","
            + "\"auth\":\"Bearer xyz.123\",\"url\":\"/cb?refresh_token=r1&x=1\","
            + "\"jwt\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig\"}";

    String excerpt =
        Redaction.excerpt(body.getBytes(StandardCharsets.UTF_8), 1000, "my-token-value");

    assertThat(excerpt)
        .doesNotContain("abc")
        .doesNotContain("hunter2")
        .doesNotContain("my-token-value")
        .doesNotContain("xyz.123")
        .doesNotContain("r1")
        .doesNotContain("eyJhbGciOiJIUzI1NiJ9")
        .contains("\"note\":\"[redacted] here\"");
  }

  @Test
  void excerpt_isOneShortLine() {
    String excerpt =
        Redaction.excerpt("a\n  b\tc".repeat(100).getBytes(StandardCharsets.UTF_8), 20, null);

    assertThat(excerpt).hasSize(21).endsWith("…").doesNotContain("\n");
  }
}
