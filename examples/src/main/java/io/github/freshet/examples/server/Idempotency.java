package io.github.freshet.examples.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers the answers to POST and PATCH requests by {@code Idempotency-Key}, so that a retry gets
 * the first answer instead of acting twice. Bounded: the oldest keys are forgotten first. Server
 * errors (5xx) are not remembered, so that a retry after one can still act.
 *
 * <p>Holds its lock while the action runs, so that two requests with the same key never both act.
 */
final class Idempotency {
  private record Stored(String fingerprint, Reply reply) {}

  private final Map<String, Stored> answers;

  /** The SHA-256 of a request body, in hex: what a fingerprint holds instead of the body. */
  static String digest(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  Idempotency(int capacity) {
    this.answers =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Answers a request: the stored answer if the key was seen with the same request, a 409 if it was
   * seen with another one, else the action's answer.
   *
   * @param fingerprint what identifies the request: method, path and body
   */
  synchronized Reply answer(String key, String fingerprint, Supplier<Reply> action) {
    Stored stored = answers.get(key);
    if (stored != null) {
      if (!stored.fingerprint().equals(fingerprint)) {
        return HttpApi.error(
            HttpError.conflict(
                "idempotency_key_reused",
                "Idempotency-Key " + key + " was already used with another request"));
      }
      Map<String, String> headers = new LinkedHashMap<>(stored.reply().headers());
      headers.put("Idempotent-Replayed", "true");
      return new Reply(stored.reply().status(), stored.reply().json(), headers);
    }
    Reply reply = action.get();
    if (reply.status() < 500) {
      answers.put(key, new Stored(fingerprint, reply));
    }
    return reply;
  }
}
