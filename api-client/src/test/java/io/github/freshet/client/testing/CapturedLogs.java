package io.github.freshet.client.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * A logback appender (configured in logback-test.xml) that keeps every log line of the test run,
 * formatted, with its throwable's messages, so that tests can assert what was and was not logged.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
  private static final List<String> LINES = new ArrayList<>();

  /** Returns how many lines were captured so far. */
  public static synchronized int size() {
    return LINES.size();
  }

  /** Returns the lines captured from index {@code from} on. */
  public static synchronized List<String> since(int from) {
    return List.copyOf(LINES.subList(from, LINES.size()));
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(' ')
            .append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    synchronized (CapturedLogs.class) {
      LINES.add(line.toString());
    }
  }
}
