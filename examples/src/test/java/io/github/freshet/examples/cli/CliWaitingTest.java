package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.examples.server.DemoServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a slow server: the CLI gives up when told to, and a 409 gets its own exit code. */
class CliWaitingTest {
  private final DemoServer server =
      DemoServer.builder()
          .scrapeDuration(Duration.ofMinutes(5))
          .enrichmentDelay(Duration.ofMinutes(5))
          .build()
          .start();

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String[] args(String... command) {
    return CliRun.against(server, command);
  }

  @Test
  void scrapeWatchGivesUpAfterItsTimeout() throws Exception {
    CliRun run =
        CliRun.run(
            args(
                "scrape",
                "--city",
                "Austin",
                "--category",
                "bakery",
                "--watch",
                "--timeout",
                "PT0.3S"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(run.err())
        .contains("gave up after PT0.3S waiting for job_")
        .contains("the job goes on on the server");
  }

  @Test
  void enrichWaitGivesUpAfterItsTimeout_andASecondEnrichmentIsAConflict() throws Exception {
    CliRun waiting = CliRun.run(args("enrich", "--wait", "--timeout", "PT0.3S", "biz_0001"));
    CliRun again = CliRun.run(args("enrich", "biz_0001"));

    assertThat(waiting.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(waiting.out()).contains("accepted: job");
    assertThat(waiting.err())
        .contains("gave up after PT0.3S waiting for the enrichment of biz_0001");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(again.err()).contains("not possible now (409");
  }
}
