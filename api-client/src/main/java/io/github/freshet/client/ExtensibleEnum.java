package io.github.freshet.client;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A string value from a server-defined enumeration that a newer server may extend: known constants
 * plus the raw value, so that an unknown value neither breaks decoding nor gets lost.
 *
 * <p>Subclasses declare the known values as constants and an {@code of(String)} factory that
 * returns a constant for a known value and a new instance for any other. Two values are equal when
 * they are of the same class and have the same raw string.
 */
public abstract class ExtensibleEnum {
  private final String value;
  private final boolean known;

  /**
   * Creates a value.
   *
   * @param value the raw string, as the server sends it
   * @param known whether this is one of the subclass's declared constants
   */
  protected ExtensibleEnum(String value, boolean known) {
    this.value = Objects.requireNonNull(value, "value");
    this.known = known;
  }

  /**
   * Returns the known values by their raw string, for a subclass's {@code of(String)}.
   *
   * @param values the subclass's constants
   * @param <E> the subclass
   * @return an unmodifiable map from raw string to constant
   */
  protected static <E extends ExtensibleEnum> Map<String, E> index(List<E> values) {
    return values.stream()
        .collect(Collectors.toUnmodifiableMap(ExtensibleEnum::value, Function.identity()));
  }

  /**
   * Returns the raw string, as the server sends it.
   *
   * @return the raw value
   */
  @JsonValue
  public final String value() {
    return value;
  }

  /**
   * Returns whether this is one of the values this version of the client knows.
   *
   * @return {@code false} for a value that a newer server introduced
   */
  public final boolean isKnown() {
    return known;
  }

  // Same class, not instanceof: a BusinessStatus "failed" must not equal a JobState "failed".
  @SuppressWarnings("EqualsGetClass")
  @Override
  public final boolean equals(@Nullable Object other) {
    return other != null
        && other.getClass() == getClass()
        && ((ExtensibleEnum) other).value.equals(value);
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  /** Returns the raw value. */
  @Override
  public final String toString() {
    return value;
  }
}
