package io.github.freshet.examples.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One SSE client's queue of frames. The event log and the heartbeat timer only queue (never block);
 * the client's HTTP thread takes the frames and writes them.
 */
final class SseSink implements EventLog.Sink {
  private static final String HEARTBEAT = ": heartbeat\n\n";

  private final LinkedBlockingQueue<String> frames;
  private volatile boolean ended;

  SseSink(int capacity) {
    this.frames = new LinkedBlockingQueue<>(capacity);
  }

  @Override
  public boolean offer(EventLog.Event event) {
    return !ended && frames.offer(event.sse());
  }

  @Override
  public void heartbeat() {
    if (!ended) {
      var unused = frames.offer(HEARTBEAT);
    }
  }

  @Override
  public void end() {
    ended = true;
    // An empty frame wakes the writer; the flag tells it to stop even if the queue was full.
    var unused = frames.offer("");
  }

  @Override
  public void drop() {
    end();
  }

  /**
   * Waits for the next frame.
   *
   * @return the frame, or {@code null} once the stream has ended
   */
  @Nullable String next(long timeout, TimeUnit unit) throws InterruptedException {
    while (true) {
      if (ended) {
        return null;
      }
      String frame = frames.poll(timeout, unit);
      if (frame == null) {
        continue;
      }
      if (frame.isEmpty()) {
        return null;
      }
      return frame;
    }
  }

  boolean hasMore() {
    return !frames.isEmpty();
  }
}
