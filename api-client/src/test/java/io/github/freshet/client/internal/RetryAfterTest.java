package io.github.freshet.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class RetryAfterTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void seconds() {
    assertThat(RetryAfter.parse("2", CLOCK)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse(" 0 ", CLOCK)).isEqualTo(Duration.ZERO);
  }

  @Test
  void httpDate_relativeToTheClock() {
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 12:01:30 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 11:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
  }

  @Test
  void obsoleteHttpDateForms_areAccepted() {
    assertThat(RetryAfter.parse("Sunday, 22-Nov-26 12:00:10 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(RetryAfter.parse("Sun Nov 22 12:00:20 2026", CLOCK))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(RetryAfter.parse("Sun Nov  1 12:00:00 2026", CLOCK)).isEqualTo(Duration.ZERO);
  }

  @Test
  void garbage_isNull() {
    assertThat(RetryAfter.parse(null, CLOCK)).isNull();
    assertThat(RetryAfter.parse("", CLOCK)).isNull();
    assertThat(RetryAfter.parse("soon", CLOCK)).isNull();
    assertThat(RetryAfter.parse("-5", CLOCK)).isNull();
    assertThat(RetryAfter.parse("99999999999999999999999", CLOCK)).isNull();
  }
}
