package io.github.freshet.client.leads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person at a business.
 *
 * @param id the contact's id
 * @param name the person's name
 * @param title the person's role, or {@code null}
 * @param email the person's email address, or {@code null}
 * @param phone the person's phone number, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(
    String id,
    String name,
    @Nullable String title,
    @Nullable String email,
    @Nullable String phone) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code id} or {@code name} is null
   */
  public Contact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }
}
