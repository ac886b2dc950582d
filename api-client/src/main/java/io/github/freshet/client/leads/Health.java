package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's liveness report ({@code GET /api/health}).
 *
 * @param status {@code ok} when the server is healthy
 * @param version the server's version, or {@code null}
 * @param uptimeSeconds how long the server has run
 * @param time the server's clock
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(
    String status,
    @Nullable String version,
    @JsonProperty(required = true) long uptimeSeconds,
    Instant time) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if a required component is null
   */
  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(time, "time");
  }

  /**
   * Returns whether the server reports itself healthy.
   *
   * @return {@code true} if {@code status} is {@code ok}
   */
  public boolean isOk() {
    return "ok".equals(status);
  }
}
