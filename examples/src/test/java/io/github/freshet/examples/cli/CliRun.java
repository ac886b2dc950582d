package io.github.freshet.examples.cli;

import io.github.freshet.examples.server.DemoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One run of the CLI in this JVM, with its output captured. */
final class CliRun {
  /** The longest any test waits for anything. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Thread thread;

  private CliRun(Map<String, String> environment, boolean terminal, String... args) {
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    this.thread =
        new Thread(
            () -> {
              try {
                exit.complete(FreshetCli.run(args, outStream, errStream, environment, terminal));
              } catch (Throwable e) {
                exit.completeExceptionally(e);
              }
            },
            "cli-under-test");
  }

  /** Starts the CLI on its own thread. */
  static CliRun start(Map<String, String> environment, String... args) {
    CliRun run = new CliRun(environment, false, args);
    run.thread.start();
    return run;
  }

  /** Runs the CLI to its end as if its output were a terminal, and returns the run. */
  static CliRun runOnTerminal(String... args) throws Exception {
    CliRun run = new CliRun(Map.of(), true, args);
    run.thread.start();
    run.exitCode();
    return run;
  }

  /** Returns a command line with the server's base URL and token in front of the command. */
  static String[] against(DemoServer server, String... command) {
    String[] all = new String[command.length + 4];
    all[0] = "--base-url";
    all[1] = server.baseUrl();
    all[2] = "--token";
    all[3] = server.token();
    System.arraycopy(command, 0, all, 4, command.length);
    return all;
  }

  /** Runs the CLI to its end and returns the run. */
  static CliRun run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** Runs the CLI to its end with these environment variables and returns the run. */
  static CliRun run(Map<String, String> environment, String... args) throws Exception {
    CliRun run = start(environment, args);
    run.exitCode();
    return run;
  }

  /** Waits for the exit code, at most {@link #WAIT}. */
  int exitCode() throws Exception {
    return exitCode(WAIT);
  }

  /** Waits for the exit code, at most {@code timeout}. */
  int exitCode(Duration timeout) throws Exception {
    return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void interrupt() {
    thread.interrupt();
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Waits until the output contains the text, at most {@link #WAIT}. */
  CliRun awaitOut(String text) throws InterruptedException {
    await("output containing '" + text + "'", () -> out().contains(text));
    return this;
  }

  /** Waits for a condition, checking every 10 ms, at most {@link #WAIT}. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
