package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The manual clock and scheduler that the cache's timing tests run on. */
final class VirtualTimeTest {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final VirtualTime time = VirtualTime.create();
  private final Scheduler scheduler = time.scheduler();
  private final Clock clock = time.clock();
  private final List<String> log = new ArrayList<>();

  /** Schedules a task that records its name and the clock's reading while it runs. */
  private Scheduler.Cancellable record(Duration delay, String name) {
    return scheduler.schedule(delay, () -> log.add(name + "@" + time.elapsed().toMillis()));
  }

  @Test
  void create_startsAtTheDocumentedOrigin_withNothingElapsed() {
    assertThat(time.now()).isEqualTo(ORIGIN);
    assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
    assertThat(time.pendingTasks()).isZero();
    assertThat(clock.instant()).isEqualTo(ORIGIN);
  }

  @Test
  void startingAt_usesTheGivenOrigin() {
    Instant origin = Instant.parse("2030-06-15T12:00:00Z");
    VirtualTime other = VirtualTime.startingAt(origin);

    other.advance(Duration.ofSeconds(90));

    assertThat(other.now()).isEqualTo(origin.plusSeconds(90));
    assertThat(other.clock().instant()).isEqualTo(origin.plusSeconds(90));
    assertThat(other.elapsed()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  @SuppressWarnings("NullAway") // Passes null on purpose: the origin is required.
  void startingAt_null_isRejected() {
    assertThatThrownBy(() -> VirtualTime.startingAt(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("origin");
  }

  @Test
  void advance_movesNowElapsedAndTheClock() {
    time.advance(Duration.ofMillis(1500));
    time.advance(Duration.ofMinutes(2));

    Duration expected = Duration.ofMillis(1500).plusMinutes(2);
    assertThat(time.elapsed()).isEqualTo(expected);
    assertThat(time.now()).isEqualTo(ORIGIN.plus(expected));
    assertThat(clock.instant()).isEqualTo(ORIGIN.plus(expected));
    assertThat(clock.millis()).isEqualTo(ORIGIN.plus(expected).toEpochMilli());
  }

  @Test
  void advance_zero_leavesTimeAlone() {
    time.advance(Duration.ofSeconds(3));

    time.advance(Duration.ZERO);

    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void advance_negative_isRejected_andTimeStays() {
    time.advance(Duration.ofSeconds(5));
    record(Duration.ofSeconds(1), "a");

    assertThatThrownBy(() -> time.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Time only moves forward");

    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(log).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void clock_isInUtc_andAnotherZoneStillReadsVirtualTime() {
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    time.advance(Duration.ofHours(1));

    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(ORIGIN.plus(Duration.ofHours(1)));
  }

  @Test
  void advance_runsDueTasksInDueOrder_notSchedulingOrder() {
    record(Duration.ofSeconds(3), "c");
    record(Duration.ofSeconds(1), "a");
    record(Duration.ofSeconds(2), "b");

    time.advance(Duration.ofSeconds(10));

    assertThat(log).containsExactly("a@1000", "b@2000", "c@3000");
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void advance_runsTiesInSchedulingOrder() {
    for (String name : List.of("first", "second", "third", "fourth")) {
      record(Duration.ofSeconds(1), name);
    }

    time.advance(Duration.ofSeconds(1));

    assertThat(log).containsExactly("first@1000", "second@1000", "third@1000", "fourth@1000");
  }

  @Test
  void advance_setsTheClockToEachTasksDueTimeWhileItRuns() {
    List<Instant> seen = new ArrayList<>();
    scheduler.schedule(Duration.ofMillis(250), () -> seen.add(clock.instant()));
    scheduler.schedule(Duration.ofSeconds(4), () -> seen.add(time.now()));

    time.advance(Duration.ofSeconds(5));

    assertThat(seen).containsExactly(ORIGIN.plusMillis(250), ORIGIN.plusSeconds(4));
    assertThat(time.now()).isEqualTo(ORIGIN.plusSeconds(5));
  }

  @Test
  void advance_neverRunsATaskBeforeItsDueTime() {
    record(Duration.ofSeconds(1), "a");

    time.advance(Duration.ofMillis(999));
    assertThat(log).isEmpty();
    time.advance(Duration.ofNanos(999_999));
    assertThat(log).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);

    time.advance(Duration.ofNanos(1));

    assertThat(log).containsExactly("a@1000");
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void advance_runsATaskOnlyOnce() {
    record(Duration.ofSeconds(1), "a");

    time.advance(Duration.ofSeconds(1));
    time.advance(Duration.ofSeconds(1));
    time.runDue();

    assertThat(log).containsExactly("a@1000");
  }

  @Test
  void advance_delaysCountFromWhenTheTaskWasScheduled() {
    time.advance(Duration.ofSeconds(10));
    record(Duration.ofSeconds(2), "a");

    time.advance(Duration.ofSeconds(1));
    assertThat(log).isEmpty();
    time.advance(Duration.ofSeconds(1));

    assertThat(log).containsExactly("a@12000");
  }

  @Test
  void advance_runsTasksThatTasksScheduleWithinTheWindow_fromTheirTime() {
    scheduler.schedule(
        Duration.ofSeconds(1),
        () -> {
          log.add("outer@" + time.elapsed().toMillis());
          record(Duration.ofSeconds(2), "inner");
          record(Duration.ZERO, "now");
          record(Duration.ofSeconds(5), "later");
        });

    time.advance(Duration.ofSeconds(4));

    // "inner" is due at 1 s + 2 s = 3 s, inside the window; "later" at 6 s, outside it.
    assertThat(log).containsExactly("outer@1000", "now@1000", "inner@3000");
    assertThat(time.pendingTasks()).isEqualTo(1);

    time.advance(Duration.ofSeconds(2));

    assertThat(log).endsWith("later@6000");
  }

  @Test
  void advance_runsAChainOfTasksThatRescheduleThemselves() {
    Runnable[] tick = new Runnable[1];
    tick[0] =
        () -> {
          log.add("tick@" + time.elapsed().toMillis());
          scheduler.schedule(Duration.ofSeconds(1), tick[0]);
        };
    scheduler.schedule(Duration.ofSeconds(1), tick[0]);

    time.advance(Duration.ofMillis(3500));

    assertThat(log).containsExactly("tick@1000", "tick@2000", "tick@3000");
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void cancel_preventsTheTaskFromRunning() {
    Scheduler.Cancellable a = record(Duration.ofSeconds(1), "a");
    record(Duration.ofSeconds(1), "b");

    a.cancel();
    time.advance(Duration.ofSeconds(5));

    assertThat(log).containsExactly("b@1000");
  }

  @Test
  void cancel_fromAnEarlierTaskInTheSameAdvance_preventsTheLaterOne() {
    Scheduler.Cancellable later = record(Duration.ofSeconds(2), "later");
    scheduler.schedule(Duration.ofSeconds(1), () -> later.cancel());

    time.advance(Duration.ofSeconds(5));

    assertThat(log).isEmpty();
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void cancel_isIdempotent_andDoesNothingAfterTheTaskRan() {
    Scheduler.Cancellable a = record(Duration.ofSeconds(1), "a");
    time.advance(Duration.ofSeconds(1));
    record(Duration.ofSeconds(1), "b");

    a.cancel();
    a.cancel();

    assertThat(time.pendingTasks()).isEqualTo(1);
    time.advance(Duration.ofSeconds(1));
    assertThat(log).containsExactly("a@1000", "b@2000");
  }

  @Test
  void pendingTasks_countsScheduledNotRunNotCancelledTasks() {
    Scheduler.Cancellable a = record(Duration.ofSeconds(1), "a");
    record(Duration.ofSeconds(2), "b");
    record(Duration.ofSeconds(3), "c");
    assertThat(time.pendingTasks()).isEqualTo(3);

    a.cancel();
    assertThat(time.pendingTasks()).isEqualTo(2);

    time.advance(Duration.ofSeconds(2));
    assertThat(time.pendingTasks()).isEqualTo(1);

    time.advance(Duration.ofSeconds(1));
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void runDue_runsTasksAlreadyDue_withoutMovingTime() {
    time.advance(Duration.ofSeconds(1));
    record(Duration.ZERO, "zero");
    record(Duration.ofSeconds(-5), "negative");
    record(Duration.ofNanos(1), "future");

    time.runDue();

    assertThat(log).containsExactly("zero@1000", "negative@1000");
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void runDue_withNothingDue_doesNothing() {
    record(Duration.ofSeconds(1), "a");

    time.runDue();

    assertThat(log).isEmpty();
    assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void schedule_aNegativeDelay_isDueNow() {
    time.advance(Duration.ofSeconds(2));
    record(Duration.ofSeconds(-1), "a");

    time.advance(Duration.ZERO);

    assertThat(log).containsExactly("a@2000");
  }

  @Test
  @SuppressWarnings("NullAway") // Passes null on purpose: a task is required.
  void schedule_aNullTask_isRejected() {
    assertThatThrownBy(() -> scheduler.schedule(Duration.ofSeconds(1), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("task");
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void schedule_fromAnotherThread_runsInTheNextRunDue() throws Exception {
    time.advance(Duration.ofSeconds(1));
    CompletableFuture<Scheduler.Cancellable> scheduled =
        CompletableFuture.supplyAsync(() -> record(Duration.ZERO, "other"));
    scheduled.get(10, TimeUnit.SECONDS);

    time.runDue();

    assertThat(log).containsExactly("other@1000");
  }

  @Test
  void advance_aTaskThatThrows_propagates() {
    scheduler.schedule(
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("boom");
        });

    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(time.pendingTasks()).isZero();
  }
}
