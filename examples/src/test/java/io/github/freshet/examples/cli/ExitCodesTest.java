package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
  }
}
