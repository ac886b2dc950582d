package io.github.freshet.client.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by Freshet's builders. */
public final class Checks {
  private Checks() {}

  /**
   * Returns the duration if it is not negative.
   *
   * @param duration the value
   * @param name the setting's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is negative
   */
  public static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }
}
