package io.github.freshet.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freshet.query.VirtualTime;
import io.github.freshet.realtime.ReconnectPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class BackoffTest {
  private final VirtualTime time = VirtualTime.create();

  private Backoff backoff(ReconnectPolicy policy, long seed) {
    return new Backoff(policy, time.clock(), new SplittableRandom(seed));
  }

  private static List<Duration> delays(Backoff backoff, int count) {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      backoff.nextAttempt();
      delays.add(backoff.delay());
    }
    return delays;
  }

  @Test
  void withoutJitter_doublesFromOneSecond_upToThirty() {
    Backoff backoff = backoff(ReconnectPolicy.builder().jitter(0).build(), 1);

    assertThat(delays(backoff, 7))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void seededJitter_isReproducible_andStaysWithinTheFraction() {
    List<Duration> first = delays(backoff(ReconnectPolicy.ofDefaults(), 42), 6);
    List<Duration> again = delays(backoff(ReconnectPolicy.ofDefaults(), 42), 6);

    assertThat(first).isEqualTo(again);
    for (int i = 0; i < first.size(); i++) {
      Duration base = ReconnectPolicy.ofDefaults().baseDelay(i + 1);
      assertThat(first.get(i)).isBetween(base.dividedBy(2), base);
    }
  }

  @Test
  void flappingLink_keepsBackingOff() {
    Backoff backoff = backoff(ReconnectPolicy.builder().jitter(0).build(), 1);
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      backoff.nextAttempt();
      delays.add(backoff.delay());
      backoff.opened();
      time.advance(Duration.ofSeconds(10)); // Drops again after 10 s, short of 60 s.
      backoff.closed();
    }

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
  }

  @Test
  void stableConnection_resetsTheCount() {
    Backoff backoff = backoff(ReconnectPolicy.builder().jitter(0).build(), 1);
    delays(backoff, 3);
    backoff.opened();
    time.advance(Duration.ofSeconds(60));
    backoff.closed();

    backoff.nextAttempt();

    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void serverHint_isTheLeastDelay_andTheBackoffStillGrowsPastIt() {
    Backoff backoff = backoff(ReconnectPolicy.builder().jitter(0).build(), 1);
    backoff.serverAsked(Duration.ofMillis(2500));

    assertThat(delays(backoff, 4))
        .containsExactly(
            Duration.ofMillis(2500), // Above the computed 1 s: the server's.
            Duration.ofMillis(2500), // Above 2 s: still the server's, every time.
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
  }

  @Test
  void retryZero_makesNoTightLoop() {
    Backoff backoff = backoff(ReconnectPolicy.builder().jitter(0).build(), 1);
    backoff.serverAsked(Duration.ZERO);

    assertThat(delays(backoff, 3))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void serverHint_isLengthenedAtRandom_neverShortened_soClientsDoNotReturnInStep() {
    List<Duration> spread = new ArrayList<>();
    for (long seed = 0; seed < 20; seed++) {
      Backoff backoff = backoff(ReconnectPolicy.ofDefaults(), seed); // Jitter 0.5.
      backoff.serverAsked(Duration.ofSeconds(5));
      backoff.nextAttempt();
      spread.add(backoff.delay());
    }

    assertThat(spread)
        .allSatisfy(
            delay -> assertThat(delay).isBetween(Duration.ofMillis(5000), Duration.ofMillis(7500)));
    assertThat(spread.stream().distinct().count()).as("20 clients, spread out").isGreaterThan(10);
  }

  @Test
  void serverHint_isTheLeastDelay_alsoOnceTheJitteredBackoffPassesIt() {
    for (long seed = 0; seed < 50; seed++) {
      Backoff backoff = backoff(ReconnectPolicy.ofDefaults(), seed); // Jitter 0.5.
      backoff.serverAsked(Duration.ofSeconds(10));
      for (Duration delay : delays(backoff, 6)) { // Computed 1, 2, 4, 8, 16, 30 s.
        assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
      }
    }
  }

  @Test
  void anAbsurdServerHint_isCappedAtADay() {
    Backoff backoff = backoff(ReconnectPolicy.ofDefaults(), 1);
    backoff.serverAsked(Duration.ofMillis(Long.MAX_VALUE / 2));
    backoff.nextAttempt();

    Duration delay = backoff.delay();

    assertThat(delay)
        .isBetween(Duration.ofDays(1), Duration.ofDays(1).multipliedBy(3).dividedBy(2));
    assertThat(delay.toMillis()).as("fits in a long of millis").isPositive();
  }

  @Test
  void policyRejectsBadValues() {
    assertThatThrownBy(() -> ReconnectPolicy.builder().jitter(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.builder().initialDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.builder().initialDelay(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.ofDefaults().jittered(Duration.ofSeconds(1), 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
