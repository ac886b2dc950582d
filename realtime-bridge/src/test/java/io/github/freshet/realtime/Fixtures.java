package io.github.freshet.realtime;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.EnrichmentState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the bridge tests share: a business in versions, and bounded waits on real sockets. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(10);

  private Fixtures() {}

  /** Business b_1 at a version; a higher version is newer. */
  static Business business(String name, long version) {
    return new Business(
        "b_1",
        name,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        BusinessStatus.NEW,
        EnrichmentState.NONE,
        List.of(),
        version,
        T0,
        T0.plusSeconds(version));
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  /** Waits for a condition, at most {@link #WAIT}; the failure says what and the details. */
  static void await(String what, BooleanSupplier condition, Supplier<String> details) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out waiting for " + what + " " + details.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
