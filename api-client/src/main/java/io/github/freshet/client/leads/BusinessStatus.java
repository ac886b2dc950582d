package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.github.freshet.client.ExtensibleEnum;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a business stands as a sales lead.
 *
 * <p>A value class rather than an enum: a value that a newer server sends decodes as an unknown
 * instance ({@link #isKnown()} is {@code false}) instead of failing.
 */
public final class BusinessStatus extends ExtensibleEnum {
  /** Found, not yet contacted. */
  public static final BusinessStatus NEW = new BusinessStatus("new", true);

  /** Contacted, no answer yet. */
  public static final BusinessStatus CONTACTED = new BusinessStatus("contacted", true);

  /** A real prospect. */
  public static final BusinessStatus QUALIFIED = new BusinessStatus("qualified", true);

  /** Became a customer. */
  public static final BusinessStatus CONVERTED = new BusinessStatus("converted", true);

  /** Not interested, or gone. */
  public static final BusinessStatus LOST = new BusinessStatus("lost", true);

  private static final Map<String, BusinessStatus> KNOWN =
      index(List.of(NEW, CONTACTED, QUALIFIED, CONVERTED, LOST));

  private BusinessStatus(String value, boolean known) {
    super(value, known);
  }

  /**
   * Returns the value for a raw string: one of the constants if known, else a new unknown value.
   *
   * @param value the raw string, as the server sends it
   * @return the value
   */
  @JsonCreator
  public static BusinessStatus of(String value) {
    BusinessStatus known = KNOWN.get(Objects.requireNonNull(value, "value"));
    return known != null ? known : new BusinessStatus(value, false);
  }
}
