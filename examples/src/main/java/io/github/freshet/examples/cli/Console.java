package io.github.freshet.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import io.github.freshet.client.ApiClient;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Where the CLI writes: results to {@code out}, diagnostics to {@code err}; JSON for scripts, or
 * text for people, with progress bars and redrawn tables only when {@code out} is a terminal.
 */
final class Console {
  private static final ObjectWriter JSON =
      ApiClient.defaultObjectMapper()
          .copy()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .writerWithDefaultPrettyPrinter();

  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final boolean json;

  Console(PrintStream out, PrintStream err, boolean terminal) {
    this(out, err, terminal, false);
  }

  private Console(PrintStream out, PrintStream err, boolean terminal, boolean json) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.json = json;
  }

  /** Returns this console with JSON output on or off. */
  Console json(boolean on) {
    return on == json ? this : new Console(out, err, terminal, on);
  }

  /** Whether results are JSON. */
  boolean isJson() {
    return json;
  }

  /** Whether {@code out} is a terminal and results are text: progress bars, redrawn tables. */
  boolean isInteractive() {
    return terminal && !json;
  }

  PrintStream out() {
    return out;
  }

  /** Prints a line of text for people; nothing in JSON mode. */
  @FormatMethod
  void say(@FormatString String format, Object... args) {
    if (!json) {
      out.println(args.length == 0 ? format : String.format(format, args));
      out.flush();
    }
  }

  /** Prints a block of text for people (a table); nothing in JSON mode. */
  void block(String text) {
    if (!json) {
      out.println(text);
      out.flush();
    }
  }

  /** Prints a value as JSON (in JSON mode only). */
  void json(Object value) {
    if (json) {
      out.println(toJson(value));
      out.flush();
    }
  }

  /** Prints a value as one line of JSON (in JSON mode only), for streams of records. */
  void jsonLine(Object value) {
    if (json) {
      try {
        out.println(ApiClient.defaultObjectMapper().writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot write JSON", e);
      }
      out.flush();
    }
  }

  /** Prints a diagnostic to {@code err}, in every mode. */
  @FormatMethod
  void error(@FormatString String format, Object... args) {
    err.println(args.length == 0 ? format : String.format(format, args));
    err.flush();
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }

  /**
   * Returns whether standard output is a terminal. {@code System.console()} says so on Java 17 to
   * 21; from Java 22 it returns a console even when output is redirected, and {@code
   * Console.isTerminal()} tells.
   */
  @SuppressWarnings("SystemConsoleNull") // Handled: isTerminal() is asked where it exists.
  static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a console exists only for a terminal.
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
