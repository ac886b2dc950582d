package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.github.freshet.client.ExtensibleEnum;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far the enrichment of a business (finding its contacts, email and website) has come.
 *
 * <p>A value class rather than an enum: a value that a newer server sends decodes as an unknown
 * instance ({@link #isKnown()} is {@code false}) instead of failing.
 */
public final class EnrichmentState extends ExtensibleEnum {
  /** Never enriched. */
  public static final EnrichmentState NONE = new EnrichmentState("none", true);

  /** Enrichment requested, not started. */
  public static final EnrichmentState PENDING = new EnrichmentState("pending", true);

  /** Enrichment in progress. */
  public static final EnrichmentState ENRICHING = new EnrichmentState("enriching", true);

  /** Enriched successfully. */
  public static final EnrichmentState ENRICHED = new EnrichmentState("enriched", true);

  /** The last enrichment failed. */
  public static final EnrichmentState FAILED = new EnrichmentState("failed", true);

  private static final Map<String, EnrichmentState> KNOWN =
      index(List.of(NONE, PENDING, ENRICHING, ENRICHED, FAILED));

  private EnrichmentState(String value, boolean known) {
    super(value, known);
  }

  /**
   * Returns the value for a raw string: one of the constants if known, else a new unknown value.
   *
   * @param value the raw string, as the server sends it
   * @return the value
   */
  @JsonCreator
  public static EnrichmentState of(String value) {
    EnrichmentState known = KNOWN.get(Objects.requireNonNull(value, "value"));
    return known != null ? known : new EnrichmentState(value, false);
  }
}
