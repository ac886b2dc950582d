package io.github.freshet.realtime.internal;

import io.github.freshet.realtime.Transport;
import io.github.freshet.realtime.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Events over Server-Sent Events: one long GET whose body {@link SseParser} reads, so that the
 * {@code retry:} field reaches the bridge. Sends {@code Last-Event-ID} when reconnecting; a server
 * that confirms with {@link Transports#SSE_RESUMED_FROM_HEADER} resumes from that id, so the
 * connection counts as resumed (no resync needed). Dead connections are found by the client's read
 * timeout: the server must send heartbeats (comment lines) more often. 401 means unauthorized, 204
 * means go away; any other answer that is not a {@code 2xx} of Content-Type {@code
 * text/event-stream} is a failed attempt (the bridge retries it with backoff).
 */
public final class SseTransport implements Transport {
  /**
   * The longest id sent back as {@code Last-Event-ID}; servers commonly cap a header near 8 KiB.
   */
  private static final int MAX_SENT_ID_LENGTH = 1024;

  private final OkHttpClient client;
  private final String url;
  private final Supplier<@Nullable String> token;
  private final int maxEventBytes;

  /**
   * Creates the transport.
   *
   * @param client the client to connect with (its read timeout finds dead connections)
   * @param url the stream's URL
   * @param token supplies the bearer token, asked at each connection
   * @param maxEventBytes events with more data than this are malformed
   * @throws IllegalArgumentException if {@code maxEventBytes} is less than 1
   */
  public SseTransport(
      OkHttpClient client, String url, Supplier<@Nullable String> token, int maxEventBytes) {
    this.client = client;
    this.url = url;
    this.token = token;
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be at least 1: " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public Connection open(Listener listener, @Nullable String lastEventId) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
    String bearer = token.get();
    if (bearer != null && !bearer.isEmpty()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    // An id that cannot travel as a header is not sent (the server then replays nothing it could
    // confirm, and the bridge resyncs): OkHttp refuses a value outside printable ASCII, and
    // servers refuse an over-long header (431) on every attempt.
    @Nullable String sentId = lastEventId != null && isSendable(lastEventId) ? lastEventId : null;
    if (sentId != null) {
      request.header("Last-Event-ID", sentId);
    }
    AtomicBoolean ended = new AtomicBoolean();
    Call call = client.newCall(request.build());
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call failed, IOException e) {
            end(
                ended,
                listener,
                new Disconnect(Disconnect.Kind.FAILURE, e.getClass().getSimpleName()));
          }

          @Override
          public void onResponse(Call completed, Response response) {
            try (response) {
              if (response.code() == 401) {
                end(
                    ended,
                    listener,
                    new Disconnect(Disconnect.Kind.UNAUTHORIZED, "401 on connect"));
                return;
              }
              if (response.code() == 204) {
                end(ended, listener, new Disconnect(Disconnect.Kind.SHUTDOWN, "204 on connect"));
                return;
              }
              if (!response.isSuccessful()) {
                end(
                    ended,
                    listener,
                    new Disconnect(
                        Disconnect.Kind.FAILURE, "status " + response.code() + " on connect"));
                return;
              }
              String contentType = response.header("Content-Type");
              if (!isEventStream(contentType)) {
                // Not a stream of events (a web page at the wrong address, say): never "open".
                end(
                    ended,
                    listener,
                    new Disconnect(
                        Disconnect.Kind.FAILURE,
                        "Content-Type "
                            + (contentType == null ? "missing" : abbreviate(contentType))
                            + " on connect, not text/event-stream"));
                return;
              }
              listener.onOpen(
                  sentId != null
                      && sentId.equals(response.header(Transports.SSE_RESUMED_FROM_HEADER)));
              read(response, listener);
              end(
                  ended,
                  listener,
                  new Disconnect(Disconnect.Kind.CLOSED, "The server ended the stream"));
            } catch (IOException | RuntimeException e) {
              // A RuntimeException too: else a bug while reading would leave the bridge "open".
              end(
                  ended,
                  listener,
                  new Disconnect(Disconnect.Kind.FAILURE, e.getClass().getSimpleName()));
            }
          }
        });
    return () -> {
      end(ended, listener, new Disconnect(Disconnect.Kind.LOCAL, "Closed by the bridge"));
      call.cancel(); // After the local close is recorded: the failure it causes is ignored.
    };
  }

  private void read(Response response, Listener listener) throws IOException {
    SseParser parser =
        new SseParser(
            new SseParser.Handler() {
              @Override
              public void onEvent(String type, String data, @Nullable String lastEventId) {
                listener.onEvent(type, data.isEmpty() ? null : data, lastEventId);
              }

              @Override
              public void onTooLarge(String type) {
                String shown = type.length() > 64 ? type.substring(0, 64) + "..." : type;
                listener.onMalformed(shown + " event over " + maxEventBytes + " bytes");
              }

              @Override
              public void onRetry(long millis) {
                listener.onRetryHint(Duration.ofMillis(millis));
              }
            },
            maxEventBytes);
    byte[] buffer = new byte[8192];
    try (InputStream in = response.body().byteStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        parser.feed(buffer, 0, read);
      }
    }
  }

  /** Whether an id can be a {@code Last-Event-ID} header: printable ASCII, at most 1 KiB. */
  private static boolean isSendable(String id) {
    if (id.length() > MAX_SENT_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isEventStream(@Nullable String contentType) {
    MediaType type = contentType == null ? null : MediaType.parse(contentType);
    return type != null
        && type.type().equalsIgnoreCase("text")
        && type.subtype().equalsIgnoreCase("event-stream");
  }

  private static String abbreviate(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "..." : value;
  }

  private static void end(AtomicBoolean ended, Listener listener, Disconnect reason) {
    if (ended.compareAndSet(false, true)) {
      listener.onClosed(reason);
    }
  }
}
