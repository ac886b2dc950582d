package io.github.freshet.realtime.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses a Server-Sent Events stream as the HTML standard's "event stream interpretation" says, fed
 * with bytes as they arrive: {@code event:}, {@code data:} (several lines joined with {@code \n}),
 * {@code id:} (ignored if it holds a NUL; remembered across events), {@code retry:} (digits only),
 * comments ({@code :}), a leading byte-order mark, and lines ended by CR, LF or CRLF, even when a
 * CRLF is split across two chunks.
 *
 * <p>Written because okhttp-sse 5.x reads the {@code retry:} field but drops it (its listener has
 * no callback for it), and the bridge needs it for its reconnect delay. Not thread-safe: feed it
 * from one thread.
 */
public final class SseParser {
  /** What the parser reports. */
  public interface Handler {
    /**
     * A complete event.
     *
     * @param type the {@code event:} field, or {@code message} if none was given
     * @param data the {@code data:} lines joined with {@code \n}
     * @param lastEventId the last {@code id:} seen on the stream so far, or {@code null}
     */
    void onEvent(String type, String data, @Nullable String lastEventId);

    /**
     * A {@code retry:} field: the reconnect delay the server asks for.
     *
     * @param millis the delay in milliseconds
     */
    void onRetry(long millis);
  }

  private final Handler handler;
  private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private @Nullable String eventType;
  private @Nullable String lastEventId;
  private boolean hasData;
  private boolean afterCr;
  private boolean atStart = true;

  /**
   * Creates a parser.
   *
   * @param handler receives events and retry hints, on the feeding thread
   */
  public SseParser(Handler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Returns the last event id seen, for {@code Last-Event-ID} on reconnect.
   *
   * @return the id, or {@code null}
   */
  public @Nullable String lastEventId() {
    return lastEventId;
  }

  /**
   * Feeds bytes of the stream.
   *
   * @param bytes the buffer
   * @param offset where the new bytes start
   * @param length how many there are
   */
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (afterCr && b == '\n') {
        afterCr = false; // The LF of a CRLF whose CR ended the line already.
        continue;
      }
      afterCr = false;
      if (b == '\r' || b == '\n') {
        afterCr = b == '\r';
        endLine();
      } else {
        lineBytes.write(b);
      }
    }
  }

  private void endLine() {
    String text = lineBytes.toString(StandardCharsets.UTF_8);
    lineBytes.reset();
    if (atStart) {
      atStart = false;
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    }
    processLine(text);
  }

  private void processLine(String text) {
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.startsWith(":")) {
      return; // A comment, such as a heartbeat.
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> eventType = value;
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value.isEmpty() ? null : value; // An empty id resets it.
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          try {
            handler.onRetry(Long.parseLong(value));
          } catch (NumberFormatException tooLong) {
            // More digits than a long holds: ignored, as any invalid retry value is.
          }
        }
      }
      default -> {
        // Unknown fields are ignored.
      }
    }
  }

  private void dispatch() {
    String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
    boolean send = hasData;
    String payload = data.toString();
    data.setLength(0);
    hasData = false;
    eventType = null;
    if (send) {
      handler.onEvent(type, payload, lastEventId);
    }
  }
}
