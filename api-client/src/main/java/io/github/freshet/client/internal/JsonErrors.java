package io.github.freshet.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/** Turns Jackson's failures into a field path and a reason a person can read. */
public final class JsonErrors {
  private JsonErrors() {}

  /**
   * Returns the path of the field where decoding failed, such as {@code items[3].name}.
   *
   * <p>A record that rejects a missing or null component with {@code Objects.requireNonNull(value,
   * "name")} yields that component's path.
   *
   * @param e the failure
   * @return the path, or {@code null} if the failure concerns the body as a whole
   */
  public static @Nullable String fieldPath(JsonProcessingException e) {
    String path = null;
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder result = new StringBuilder();
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        appendReference(result, reference.getFieldName(), reference.getIndex());
      }
      path = result.toString();
    } else if (e.getProcessor() instanceof JsonParser parser) {
      path = contextPath(parser.getParsingContext());
    }
    String missing = missingComponent(e);
    if (missing != null) {
      path = path == null || path.isEmpty() ? missing : path + "." + missing;
    }
    return path == null || path.isEmpty() ? null : path;
  }

  /**
   * Returns a short reason for the failure, without Jackson's location suffix.
   *
   * @param e the failure
   * @return the reason
   */
  public static String reason(JsonProcessingException e) {
    if (missingComponent(e) != null) {
      return "required field is missing or null";
    }
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static @Nullable String missingComponent(JsonProcessingException e) {
    if (e instanceof ValueInstantiationException
        && e.getCause() instanceof NullPointerException npe
        && npe.getMessage() != null
        && npe.getMessage().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return npe.getMessage();
    }
    return null;
  }

  private static @Nullable String contextPath(@Nullable JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    StringBuilder result = new StringBuilder();
    for (JsonStreamContext c : chain) {
      if (c.inArray()) {
        appendReference(result, null, Math.max(c.getCurrentIndex(), 0));
      } else if (c.getCurrentName() != null) {
        appendReference(result, c.getCurrentName(), -1);
      }
    }
    return result.toString();
  }

  private static void appendReference(StringBuilder path, @Nullable String field, int index) {
    if (field != null) {
      if (path.length() > 0) {
        path.append('.');
      }
      path.append(field);
    } else if (index >= 0) {
      path.append('[').append(index).append(']');
    }
  }
}
