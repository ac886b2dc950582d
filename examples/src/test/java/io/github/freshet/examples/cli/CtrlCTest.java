package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freshet.examples.server.DemoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C: the CLI in its own JVM gets SIGINT, as from a terminal. Java interrupts no thread
 * on a signal; {@code FreshetCli.main}'s shutdown hook must, so that the command still says
 * "interrupted", ends its JSON stream and closes what it opened.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CtrlCTest {
  private final DemoServer server = DemoServer.builder().build().start();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void sigintEndsWatchWithItsMessageAndTheInterruptedCode(@TempDir Path directory)
      throws Exception {
    Path out = directory.resolve("out.txt");
    Path err = directory.resolve("err.txt");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    Process cli =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    FreshetCli.class.getName(),
                    "--base-url",
                    server.baseUrl(),
                    "--token",
                    server.token(),
                    "--json",
                    "watch"))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      CliRun.await("the watcher to connect", () -> read(out).contains("\"connection\":\"open\""));

      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start();
      assertThat(kill.waitFor(CliRun.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      assertThat(cli.waitFor(CliRun.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(cli.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(read(err)).as(read(out)).contains("freshet: interrupted");
      assertThat(read(out)).contains("\"exitCode\" : 130");
    } finally {
      cli.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
