package io.github.freshet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {
  @Test
  void defaults() {
    RetryPolicy policy = RetryPolicy.ofDefaults();

    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.multiplier()).isEqualTo(2.0);
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.jitter()).isEqualTo(0.25);
    assertThat(policy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void backoff_growsExponentially_upToTheCap() {
    RetryPolicy policy = RetryPolicy.builder().jitter(0).build();

    assertThat(policy.backoff(1, 0.9)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(2, 0.9)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(4, 0.9)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.backoff(5, 0.9)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.backoff(60, 0.9)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void backoff_jitterShortensByAtMostTheFraction() {
    RetryPolicy policy = RetryPolicy.builder().jitter(0.25).build();

    assertThat(policy.backoff(2, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(2, 0.999999)).isEqualTo(Duration.ofMillis(750));
    // Below the cap, with jitter under 1 - 1/multiplier, delays never shrink retry to retry.
    assertThat(policy.backoff(3, 0.999999)).isGreaterThan(policy.backoff(2, 0.0));
  }

  @Test
  void clampRetryAfter() {
    RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).build();

    assertThat(policy.clampRetryAfter(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.clampRetryAfter(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.clampRetryAfter(Duration.ofSeconds(-1))).isEqualTo(Duration.ZERO);
  }

  @Test
  void builder_rejectsBadValues() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            RetryPolicy.builder()
                .initialDelay(Duration.ofSeconds(9))
                .maxDelay(Duration.ofSeconds(1))
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds maxDelay");
    assertThatThrownBy(() -> RetryPolicy.ofDefaults().backoff(0, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.ofDefaults().backoff(1, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilder_roundTrips_andEqualityIsByValue() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).jitter(0.1).build();

    assertThat(policy.toBuilder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
    assertThat(policy).isNotEqualTo(RetryPolicy.ofDefaults());
    assertThat(policy.toString()).contains("maxAttempts=5");
  }
}
