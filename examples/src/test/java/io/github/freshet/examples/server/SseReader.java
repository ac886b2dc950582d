package io.github.freshet.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads an SSE stream line by line on its own thread. Every event it parses is checked against the
 * event's schema. Each wait is bounded.
 */
final class SseReader implements AutoCloseable {
  /** A parsed SSE block: an event, a comment, or a retry hint. */
  record Block(
      @Nullable Long id, @Nullable String type, @Nullable String data, List<String> lines) {
    boolean isEvent() {
      return type != null;
    }
  }

  private static final String END = "\u0000end";

  private final OkHttpClient client;
  private final Call call;
  private final Response response;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  SseReader(String url, Map<String, String> headers) throws IOException {
    client = new OkHttpClient.Builder().readTimeout(java.time.Duration.ofSeconds(10)).build();
    Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    call = client.newCall(request.build());
    response = call.execute();
    BufferedSource source = response.body().source();
    reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = source.readUtf8Line()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // Cancelled or the server ended the stream.
              } finally {
                lines.add(END);
              }
            },
            "test-sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  int status() {
    return response.code();
  }

  @Nullable String header(String name) {
    return response.header(name);
  }

  /** Returns the next block, or {@code null} if the stream ended; fails after 5 s. */
  @Nullable Block next() throws InterruptedException {
    List<String> block = new ArrayList<>();
    while (true) {
      String line = lines.poll(30, TimeUnit.SECONDS);
      assertThat(line).as("an SSE line within 30 s").isNotNull();
      if (END.equals(line)) {
        lines.add(END);
        return null;
      }
      if (line == null || line.isEmpty()) {
        if (block.isEmpty()) {
          continue;
        }
        return parse(block);
      }
      block.add(line);
    }
  }

  /** Returns the next event that matches, skipping others; fails if none comes within 30 s each. */
  Block awaitEvent(Predicate<Block> wanted) throws InterruptedException {
    while (true) {
      Block block = next();
      assertThat(block).as("the stream is still open").isNotNull();
      if (block != null && block.isEvent() && wanted.test(block)) {
        return block;
      }
    }
  }

  /** Waits for the stream to end; fails after 5 s. */
  void awaitEnd() throws InterruptedException {
    while (next() != null) {
      // skip
    }
  }

  private static Block parse(List<String> block) {
    Long id = null;
    String type = null;
    String data = null;
    for (String line : block) {
      if (line.startsWith("id:")) {
        id = Long.parseLong(line.substring(3).trim());
      } else if (line.startsWith("event:")) {
        type = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        data = value.startsWith(" ") ? value.substring(1) : value;
      }
    }
    if (type != null) {
      Contract.assertEvent(type, data == null || data.isEmpty() ? null : data);
    }
    return new Block(id, type, data, List.copyOf(block));
  }

  @Override
  public void close() {
    call.cancel();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    response.close(); // After the reader stopped: closing reads the rest of the body.
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
