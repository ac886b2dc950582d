package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.realtime.ConnectionState;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void wrappersAreLookedThrough() {
    IllegalArgumentException invalid = new IllegalArgumentException("pageSize must be ...");

    assertThat(ExitCodes.of(new CompletionException(new ExecutionException(invalid))))
        .isEqualTo(ExitCodes.VALIDATION);
    assertThat(ExitCodes.of(new ExecutionException(new InterruptedException())))
        .isEqualTo(ExitCodes.INTERRUPTED);
  }

  @Test
  void anythingUnknownIsAFailure() {
    assertThat(ExitCodes.of(new IllegalStateException("boom"))).isEqualTo(ExitCodes.FAILURE);
    assertThat(ExitCodes.describe(new IllegalStateException("boom")))
        .isEqualTo("IllegalStateException: boom");
  }

  @Test
  void eventUrlsFollowTheBaseUrl() {
    assertThat(Session.eventUrl("http://127.0.0.1:8080/", "/api/events/ws", true))
        .isEqualTo("ws://127.0.0.1:8080/api/events/ws");
    assertThat(Session.eventUrl("https://leads.example.com", "/api/events/ws", true))
        .isEqualTo("wss://leads.example.com/api/events/ws");
    assertThat(Session.eventUrl("https://leads.example.com", "/api/events", false))
        .isEqualTo("https://leads.example.com/api/events");
    assertThat(Session.eventUrl("HTTPS://Leads.example.com/v2/ \r", "/api/events/ws", true))
        .as("parsed, not edited as text: scheme case, a path prefix, stray whitespace")
        .isEqualTo("wss://leads.example.com/v2/api/events/ws");
  }

  @Test
  void aServerThatGivesNoAnswer_isUnreachable_notATimeoutOfTheUsers() {
    assertThat(ExitCodes.of(new Commands.NoAnswer(java.time.Duration.ofSeconds(30))))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(ExitCodes.of(new java.util.concurrent.TimeoutException("--timeout passed")))
        .isEqualTo(ExitCodes.TIMED_OUT);
  }

  @Test
  void anEventStreamThatRefusedTheToken_isUnauthorized() {
    assertThat(
            ExitCodes.ofClosed(
                new ConnectionState.Closed(ConnectionState.Closed.Kind.AUTHENTICATION, "401")))
        .isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(
            ExitCodes.ofClosed(
                new ConnectionState.Closed(ConnectionState.Closed.Kind.SERVER_SHUTDOWN, "bye")))
        .isEqualTo(ExitCodes.FAILURE);
  }
}
