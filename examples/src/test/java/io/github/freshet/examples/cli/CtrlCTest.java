package io.github.freshet.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.freshet.examples.server.DemoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 *
 * <p>A process started in the background by a non-interactive shell ({@code mvn ... &}, nohup, some
 * CI runners) inherits SIGINT as ignored, and a JVM leaves an ignored SIGINT alone: the signal
 * would then do nothing. So the CLI is started through {@code env --default-signal=INT} where that
 * exists (GNU coreutils 8.31 and later), which restores the default first.
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
    List<String> command = new ArrayList<>(sigintRestored());
    command.addAll(
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
            "watch"));
    Process cli =
        new ProcessBuilder(command)
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
      // The stream's last record, one line like the others: line-by-line readers parse it.
      List<String> lines = read(out).strip().lines().toList();
      assertThat(lines.get(lines.size() - 1)).contains("\"exitCode\":130").startsWith("{");
    } finally {
      cli.destroyForcibly();
    }
  }

  /**
   * Returns the prefix that starts a command with SIGINT at its default, or none when {@code env}
   * cannot do that; then this process must not ignore SIGINT itself, or the test cannot run.
   */
  private static List<String> sigintRestored() throws IOException, InterruptedException {
    List<String> prefix = List.of("env", "--default-signal=INT");
    Process probe = new ProcessBuilder(concat(prefix, "true")).redirectErrorStream(true).start();
    probe.getInputStream().transferTo(OutputStream.nullOutputStream());
    if (probe.waitFor(CliRun.WAIT.toMillis(), TimeUnit.MILLISECONDS) && probe.exitValue() == 0) {
      return prefix;
    }
    probe.destroyForcibly();
    assumeFalse(
        sigintIgnoredHere(),
        "SIGINT is ignored in this process and env cannot restore it for the child");
    return List.of();
  }

  private static List<String> concat(List<String> prefix, String last) {
    List<String> all = new ArrayList<>(prefix);
    all.add(last);
    return all;
  }

  /** Whether SIGINT is ignored in this process; known only on Linux, from /proc. */
  private static boolean sigintIgnoredHere() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2: bit 1.
      }
    }
    return false;
  }

  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
