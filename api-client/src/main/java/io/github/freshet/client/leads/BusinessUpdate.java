package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A partial update of a business ({@code PATCH /api/businesses/{id}}): only the fields that are set
 * change; the others are left out of the request body. Build one with {@link #builder()}.
 *
 * @param name the new name, or {@code null} to keep it
 * @param category the new category, or {@code null} to keep it
 * @param address the new address, or {@code null} to keep it
 * @param city the new city, or {@code null} to keep it
 * @param phone the new phone number, or {@code null} to keep it
 * @param website the new website, or {@code null} to keep it
 * @param email the new email address, or {@code null} to keep it
 * @param status the new lead status, or {@code null} to keep it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BusinessUpdate(
    @Nullable String name,
    @Nullable String category,
    @Nullable String address,
    @Nullable String city,
    @Nullable String phone,
    @Nullable String website,
    @Nullable String email,
    @Nullable BusinessStatus status) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if no field is set, or {@code name} is blank
   */
  public BusinessUpdate {
    if (name == null
        && category == null
        && address == null
        && city == null
        && phone == null
        && website == null
        && email == null
        && status == null) {
      throw new IllegalArgumentException("A business update must change at least one field");
    }
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
  }

  /**
   * Returns a builder with no field set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns what a business looks like after this update, with the same version: the optimistic
   * guess that a cache shows until the server answers.
   *
   * @param business the business before the update
   * @return the updated copy
   */
  public Business applyTo(Business business) {
    return new Business(
        business.id(),
        name != null ? name : business.name(),
        category != null ? category : business.category(),
        address != null ? address : business.address(),
        city != null ? city : business.city(),
        phone != null ? phone : business.phone(),
        website != null ? website : business.website(),
        email != null ? email : business.email(),
        business.rating(),
        status != null ? status : business.status(),
        business.enrichment(),
        business.contacts(),
        business.version(),
        business.createdAt(),
        business.updatedAt());
  }

  /** Builds a {@link BusinessUpdate}. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String category;
    private @Nullable String address;
    private @Nullable String city;
    private @Nullable String phone;
    private @Nullable String website;
    private @Nullable String email;
    private @Nullable BusinessStatus status;

    private Builder() {}

    /**
     * Sets the new name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the new category.
     *
     * @param category the category
     * @return this builder
     */
    public Builder category(String category) {
      this.category = category;
      return this;
    }

    /**
     * Sets the new address.
     *
     * @param address the address
     * @return this builder
     */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /**
     * Sets the new city.
     *
     * @param city the city
     * @return this builder
     */
    public Builder city(String city) {
      this.city = city;
      return this;
    }

    /**
     * Sets the new phone number.
     *
     * @param phone the phone number
     * @return this builder
     */
    public Builder phone(String phone) {
      this.phone = phone;
      return this;
    }

    /**
     * Sets the new website.
     *
     * @param website the website URL
     * @return this builder
     */
    public Builder website(String website) {
      this.website = website;
      return this;
    }

    /**
     * Sets the new email address.
     *
     * @param email the email address
     * @return this builder
     */
    public Builder email(String email) {
      this.email = email;
      return this;
    }

    /**
     * Sets the new lead status.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(BusinessStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Builds the update.
     *
     * @return the update
     * @throws IllegalArgumentException if no field is set
     */
    public BusinessUpdate build() {
      return new BusinessUpdate(name, category, address, city, phone, website, email, status);
    }
  }
}
