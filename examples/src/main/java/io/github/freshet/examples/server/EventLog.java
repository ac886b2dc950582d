package io.github.freshet.examples.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server's one event log: every event gets the next id (from the first id it is given), is kept
 * in a bounded history for {@code Last-Event-ID} replay, and is handed to every connected client.
 *
 * <p>Implementation notes: publishing and subscribing hold this object's lock, so that every client
 * sees the events in id order and a replay never misses nor repeats an event published while the
 * client subscribes. Sinks must not block: an SSE sink only queues, a WebSocket sink only starts an
 * asynchronous send. A sink that refuses an event (its queue is full) is dropped.
 */
final class EventLog {
  /** Where a client's events go. Never blocks. */
  interface Sink {
    /** Queues an event; returns {@code false} if the client cannot keep up and must be dropped. */
    boolean offer(Event event);

    /** Queues a heartbeat (an SSE comment, a WebSocket ping). */
    void heartbeat();

    /** Ends the client's stream: the server stops. */
    void end();

    /** Ends the client's stream because it fell behind; it may reconnect. */
    void drop();
  }

  /**
   * One event.
   *
   * @param id its id, growing from 1
   * @param type its type, such as {@code business:updated}
   * @param data its payload as JSON, or {@code null} for none ({@code stats:updated})
   */
  record Event(long id, String type, @Nullable String data) {
    /** The SSE block: id, event and data lines, then a blank line. */
    String sse() {
      return "id: "
          + id
          + "\nevent: "
          + type
          + "\n"
          + (data == null ? "data:" : "data: " + data)
          + "\n\n";
    }

    /** The WebSocket text frame: {@code {"type":...,"data":...,"id":N}}, no data when none. */
    String webSocket() {
      return "{\"type\":"
          + Json.write(type)
          + (data == null ? "" : ",\"data\":" + data)
          + ",\"id\":"
          + id
          + "}";
    }
  }

  private final int capacity;
  private final ArrayDeque<Event> history;
  private final Set<Sink> sinks = new LinkedHashSet<>();
  private long nextId;

  EventLog(int capacity, long firstId) {
    this.capacity = capacity;
    this.history = new ArrayDeque<>(Math.min(capacity, 4096));
    this.nextId = firstId;
  }

  /**
   * Appends an event and hands it to every client.
   *
   * @param type the event type
   * @param payload the payload, serialized to JSON, or {@code null} for none
   * @return the event
   */
  synchronized Event publish(String type, @Nullable Object payload) {
    Event event = new Event(nextId++, type, payload == null ? null : Json.write(payload));
    history.addLast(event);
    while (history.size() > capacity) {
      history.removeFirst();
    }
    for (Sink sink : new ArrayList<>(sinks)) {
      if (!sink.offer(event)) {
        drop(sink);
      }
    }
    return event;
  }

  /**
   * Adds a client, first handing it every event in the history with an id above {@code afterId}.
   *
   * @param afterId the last event id the client saw, or a negative number for no replay
   * @return whether that replay is complete: the history still holds every event after {@code
   *     afterId} (none was evicted), and {@code afterId} is one this log gave out
   */
  synchronized boolean subscribe(Sink sink, long afterId) {
    boolean complete = false;
    if (afterId >= 0) {
      long oldest = history.isEmpty() ? nextId : history.getFirst().id();
      complete = afterId < nextId && afterId >= oldest - 1;
      for (Event event : history) {
        if (event.id() > afterId && !sink.offer(event)) {
          sink.drop();
          return false;
        }
      }
    }
    sinks.add(sink);
    return complete;
  }

  synchronized void unsubscribe(Sink sink) {
    sinks.remove(sink);
  }

  synchronized int clients() {
    return sinks.size();
  }

  /** Returns the events still in the history, oldest first. */
  synchronized List<Event> history() {
    return List.copyOf(history);
  }

  void heartbeat() {
    for (Sink sink : snapshot()) {
      sink.heartbeat();
    }
  }

  /** Ends every client's stream and forgets the clients; the history stays. */
  void endAll() {
    List<Sink> all;
    synchronized (this) {
      all = new ArrayList<>(sinks);
      sinks.clear();
    }
    for (Sink sink : all) {
      sink.end();
    }
  }

  private synchronized List<Sink> snapshot() {
    return new ArrayList<>(sinks);
  }

  private synchronized void drop(Sink sink) {
    sinks.remove(sink);
    sink.drop();
  }
}
