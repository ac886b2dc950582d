package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code freshet demo} runs to its end without questions, in bounded time, on both transports. */
class DemoCommandTest {
  /** The demo's own waits are 30 s each; the whole run must end well before this. */
  private static final Duration BOUND = Duration.ofSeconds(90);

  @ParameterizedTest
  @ValueSource(strings = {"ws", "sse"})
  void demoWalksThroughEveryLayer(String transport) throws Exception {
    CliRun run =
        CliRun.start(
            Map.of(),
            "--transport",
            transport,
            "demo",
            "--pause",
            "PT0S",
            "--scrape-duration",
            "PT0.5S",
            "--enrichment-delay",
            "PT0.1S");

    int exitCode = run.exitCode(BOUND);

    assertThat(exitCode).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Started the demo Lead API server on http://127.0.0.1:")
        .contains("[connection] open")
        .contains("[1/7]")
        .contains("cache miss, fetched over HTTP")
        .contains("cache hit in")
        .contains("(HTTP requests: 1)")
        .contains("[2/7]")
        .contains("contacts enabled and loaded")
        .contains("[3/7]")
        .contains("100%")
        .contains("[4/7]")
        .contains("(optimistic, before the server answered)")
        .contains("(rolled back: the server refused)")
        .contains("the optimistic change rolled back")
        .contains("[5/7]")
        .contains("enrichment:complete -> enriched")
        .contains("[6/7]")
        .contains("& Sons")
        .contains("[7/7]")
        .contains("[connection] reconnecting (attempt 1")
        .contains("The cache at the end")
        .contains("Done in");
    String liveTable = run.out().substring(run.out().indexOf("[6/7]"), run.out().indexOf("[7/7]"));
    assertThat(liveTable)
        .as("no optimistic 'enriching' left over once the enrichment succeeded")
        .doesNotContain("enriching");
    String restart =
        run.out().substring(run.out().indexOf("[7/7]"), run.out().indexOf("The cache at the end"));
    assertThat(restart)
        .as("every table of the live step is printed within it, none late into the restart")
        .doesNotContain("+---");
    if (transport.equals("ws")) {
      assertThat(run.out()).contains("resync: a WebSocket may have missed events");
    } else {
      assertThat(run.out())
          .contains("SSE resumed from Last-Event-ID (the server confirmed it)")
          .contains("no resync (HTTP requests: 0)");
    }
  }
}
