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
 * <p>Memory is bounded by a small multiple of the event size limit: an event whose data (or type,
 * or id) passes it is reported with {@link Handler#onTooLarge} and never held whole. Once a line
 * passes the limit, its further bytes are read but not kept, so a server that never ends a line
 * costs no memory; a buffer that grew for a long event is let go after it. An over-long comment or
 * unknown field is ignored, as any comment or unknown field is; so is a block without data.
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
     * An event over the size limit, dropped: its data is gone. Its {@code id:} counts as any other
     * (see {@link #lastEventId()}), unless the id itself was over the limit.
     *
     * @param type the {@code event:} field, or {@code message} if none was given (or if the type
     *     itself was over the limit)
     */
    void onTooLarge(String type);

    /**
     * A {@code retry:} field: the reconnect delay the server asks for.
     *
     * @param millis the delay in milliseconds
     */
    void onRetry(long millis);
  }

  /** Room on a line beyond the limit for the field name, the colon and the space. */
  private static final int FIELD_ROOM = 16;

  private final Handler handler;
  private final int maxEventBytes;

  /** Buffers that grew past this are replaced once used, so a long event leaves no big buffer. */
  private static final int KEPT_CAPACITY = 64 * 1024;

  private ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
  private StringBuilder data = new StringBuilder();
  private @Nullable String eventType;
  private @Nullable String lastEventId;
  private @Nullable String pendingId;
  private boolean idSeen;
  private boolean hasData;
  private long dataBytes;
  private boolean tooLarge;
  private boolean lineOverflowed;
  private boolean afterCr;
  private boolean atStart = true;

  /**
   * Creates a parser.
   *
   * @param handler receives events and retry hints, on the feeding thread
   * @param maxEventBytes the most bytes of data an event may have (the {@code data:} values and the
   *     line feeds joining them); also the most bytes of an {@code event:} or {@code id:} value
   * @throws IllegalArgumentException if {@code maxEventBytes} is less than 1
   */
  public SseParser(Handler handler, int maxEventBytes) {
    this.handler = Objects.requireNonNull(handler, "handler");
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be at least 1: " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
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
      } else if (lineBytes.size() < maxEventBytes + FIELD_ROOM) {
        lineBytes.write(b);
      } else {
        lineOverflowed = true; // The rest of this line is dropped as it arrives.
      }
    }
  }

  /** Returns how many bytes of the current line the parser holds; for tests of its bound. */
  int bufferedBytes() {
    return lineBytes.size();
  }

  private void endLine() {
    String text = takeLine();
    if (lineOverflowed) {
      lineOverflowed = false;
      overflowedLine(text);
    } else {
      processLine(text);
    }
  }

  /** Returns the bytes of the line kept so far as text, without a leading byte-order mark. */
  private String takeLine() {
    String text = lineBytes.toString(StandardCharsets.UTF_8);
    if (lineBytes.size() > KEPT_CAPACITY) {
      lineBytes = new ByteArrayOutputStream();
    } else {
      lineBytes.reset();
    }
    if (atStart) {
      atStart = false;
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    }
    return text;
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
      case "event" -> {
        if (utf8Length(value) > maxEventBytes) {
          tooLarge = true;
        } else {
          eventType = value;
        }
      }
      case "data" -> {
        boolean joined = hasData; // Lines after the first are joined with a line feed.
        dataBytes += (joined ? 1 : 0) + utf8Length(value);
        hasData = true;
        if (dataBytes > maxEventBytes) {
          tooLarge = true;
          data.setLength(0); // Dropped now: the event will not be passed on.
        } else {
          if (joined) {
            data.append('\n');
          }
          data.append(value);
        }
      }
      case "id" -> {
        if (utf8Length(value) > maxEventBytes) {
          tooLarge = true;
        } else if (value.indexOf('\0') < 0) {
          pendingId = value.isEmpty() ? null : value; // An empty id resets it.
          idSeen = true;
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

  /**
   * A line passed the limit, and only its start was kept: enough to tell the field. A comment or an
   * unknown field is ignored, as it would be at any length; a field of the event spoils it.
   */
  private void overflowedLine(String start) {
    int colon = start.indexOf(':');
    String field = colon < 0 ? start : start.substring(0, colon);
    if (field.equals("data")) {
      hasData = true; // A block with an over-long data line is an event, too large.
    }
    if (field.equals("data") || field.equals("event") || field.equals("id")) {
      tooLarge = true;
      data.setLength(0);
    }
  }

  private void dispatch() {
    String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
    boolean send = hasData;
    boolean spoiled = tooLarge;
    String payload = data.toString();
    if (data.capacity() > KEPT_CAPACITY) {
      data = new StringBuilder();
    } else {
      data.setLength(0);
    }
    dataBytes = 0;
    hasData = false;
    tooLarge = false;
    eventType = null;
    if (idSeen) { // As the standard says: even for an event without data.
      lastEventId = pendingId;
      idSeen = false;
      pendingId = null;
    }
    if (!send) {
      return; // No data: no event, as the standard says, whatever else the block held.
    }
    if (spoiled) {
      handler.onTooLarge(type);
    } else {
      handler.onEvent(type, payload, lastEventId);
    }
  }

  private static int utf8Length(String value) {
    int bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4; // With its low surrogate: one code point, four bytes.
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
