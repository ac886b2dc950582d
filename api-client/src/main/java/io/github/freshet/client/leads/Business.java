package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A business found by a scrape: a sales lead, with its contacts once enriched.
 *
 * <p>{@code version} grows by one with every change on the server; with {@code updatedAt} it orders
 * two copies of the same business, so that an older copy never replaces a newer one (see {@link
 * #isNewerThan(Business)}).
 *
 * @param id the business's id
 * @param name the business's name
 * @param category what kind of business it is, such as {@code plumber}, or {@code null}
 * @param address the street address, or {@code null}
 * @param city the city, or {@code null}
 * @param phone the phone number, or {@code null}
 * @param website the website URL, or {@code null}
 * @param email the email address, or {@code null}
 * @param rating the average review rating, 0 to 5, or {@code null} if unrated
 * @param status where the business stands as a lead
 * @param enrichment how far its enrichment has come
 * @param contacts the people known at the business, possibly empty
 * @param version the server's version of this record, growing with every change
 * @param createdAt when the business was first stored
 * @param updatedAt when the business last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Business(
    String id,
    String name,
    @Nullable String category,
    @Nullable String address,
    @Nullable String city,
    @Nullable String phone,
    @Nullable String website,
    @Nullable String email,
    @Nullable Double rating,
    BusinessStatus status,
    EnrichmentState enrichment,
    List<Contact> contacts,
    @JsonProperty(required = true) long version,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * Validates the components; a missing contact list becomes an empty one.
   *
   * @throws NullPointerException if a required component is null
   */
  public Business {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(enrichment, "enrichment");
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Returns whether this copy is newer than another copy of the same business: a higher {@code
   * version}, or the same version and a later {@code updatedAt}.
   *
   * @param other another copy of this business
   * @return {@code true} if this copy should replace {@code other}
   * @throws IllegalArgumentException if {@code other} is a different business
   */
  public boolean isNewerThan(Business other) {
    if (!id.equals(other.id)) {
      throw new IllegalArgumentException("Different businesses: " + id + ", " + other.id);
    }
    if (version != other.version) {
      return version > other.version;
    }
    return updatedAt.isAfter(other.updatedAt);
  }

  /**
   * Returns a copy with another enrichment state, the same version.
   *
   * @param enrichment the new state
   * @return the copy
   */
  public Business withEnrichment(EnrichmentState enrichment) {
    return new Business(
        id,
        name,
        category,
        address,
        city,
        phone,
        website,
        email,
        rating,
        status,
        enrichment,
        contacts,
        version,
        createdAt,
        updatedAt);
  }
}
