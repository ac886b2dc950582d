package io.github.freshet.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code Retry-After} header: delay-seconds or an HTTP date in any of the three forms
 * RFC 9110 §5.6.7 tells recipients to accept (IMF-fixdate, RFC 850, asctime).
 */
public final class RetryAfter {
  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (two-digit years read as 1970–2069).
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss 'GMT'")
              .toFormatter(Locale.US)
              .withZone(ZoneOffset.UTC),
          // asctime: Sun Nov  6 08:49:37 1994
          new DateTimeFormatterBuilder()
              .appendPattern("EEE MMM ")
              .padNext(2)
              .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
              .appendPattern(" HH:mm:ss yyyy")
              .toFormatter(Locale.US)
              .withZone(ZoneOffset.UTC));

  private RetryAfter() {}

  /**
   * Returns the delay a {@code Retry-After} value asks for.
   *
   * @param value the header value, or {@code null}
   * @param clock the clock that says what time it is now, for an HTTP date
   * @return the delay (zero for a date in the past), or {@code null} if absent or unparseable
   */
  public static @Nullable Duration parse(@Nullable String value, Clock clock) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(trimmed));
      } catch (NumberFormatException e) {
        return null; // More digits than a long holds: not a delay anyone means.
      }
    }
    for (DateTimeFormatter format : HTTP_DATES) {
      try {
        Instant at = format.parse(trimmed, Instant::from);
        Duration delay = Duration.between(clock.instant(), at);
        return delay.isNegative() ? Duration.ZERO : delay;
      } catch (DateTimeParseException e) {
        // Try the next form.
      }
    }
    return null;
  }
}
