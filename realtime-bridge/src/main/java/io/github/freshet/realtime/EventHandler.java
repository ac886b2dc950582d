package io.github.freshet.realtime;

import org.jspecify.annotations.Nullable;

/**
 * Handles one type of server event, registered on the bridge with {@link RealtimeBridge#on}. Runs
 * on the bridge's event thread, one event at a time, in arrival order.
 */
@FunctionalInterface
public interface EventHandler {
  /**
   * Handles an event.
   *
   * @param type the event's type
   * @param data the event's data as JSON text, or {@code null}
   * @throws MalformedEventException if the data is not of the type's shape (counted and logged; the
   *     bridge stays open)
   */
  void handle(String type, @Nullable String data);
}
