package io.github.freshet.realtime;

import io.github.freshet.client.FreshetException;
import org.jspecify.annotations.Nullable;

/**
 * A server event that could not be decoded: not JSON, or a field missing or of the wrong type. The
 * message names the event type and the reason, never the payload (it may hold personal data).
 */
public final class MalformedEventException extends FreshetException {
  private static final long serialVersionUID = 1L;

  /** The event's type, as the server named it. */
  private final String type;

  /**
   * Creates the exception.
   *
   * @param type the event's type
   * @param reason what is wrong with it
   * @param cause the decoding failure, or {@code null}
   */
  public MalformedEventException(String type, String reason, @Nullable Throwable cause) {
    super("Malformed " + type + " event: " + reason, cause);
    this.type = type;
  }

  /**
   * Returns the event's type, as the server named it.
   *
   * @return the type
   */
  public String type() {
    return type;
  }
}
