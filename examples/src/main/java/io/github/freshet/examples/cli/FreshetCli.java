package io.github.freshet.examples.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code freshet} command: the Lead API through the three Freshet layers. Run with {@code
 * --help} for the commands; {@code freshet demo} starts the embedded server and shows every layer
 * live.
 *
 * <p>Exit codes: see {@link ExitCodes}.
 */
@Command(
    name = "freshet",
    mixinStandardHelpOptions = true,
    version = "freshet 0.1.0-SNAPSHOT",
    description = "Keeps Lead API data fresh: a typed client, a query cache and a realtime bridge.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      ListCommand.class,
      ShowCommand.class,
      StatsCommand.class,
      ScrapeCommand.class,
      EnrichCommand.class,
      WatchCommand.class,
      InspectCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the server failed (5xx) or something unexpected happened",
      "2:bad command line",
      "3:server unreachable",
      "4:not authorized (401/403): check --token or FRESHET_TOKEN",
      "5:not found (404)",
      "6:invalid input: the server refused it (400/422), or the CLI did",
      "7:not possible now (409), e.g. already enriching",
      "8:gave up waiting (--timeout); the work may go on on the server",
      "130:interrupted"
    })
public final class FreshetCli {
  /** The environment variable read when {@code --token} is absent. */
  public static final String TOKEN_VARIABLE = "FRESHET_TOKEN";

  /** The environment variable read when {@code --base-url} is absent. */
  public static final String BASE_URL_VARIABLE = "FRESHET_BASE_URL";

  /** How long a command may take to wind down after Ctrl-C. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(7); // > the bridge's 5 s close.

  /** The base URL used when neither {@code --base-url} nor the variable is set. */
  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

  @Option(
      names = "--base-url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "The Lead API server (default: $" + BASE_URL_VARIABLE + " or " + DEFAULT_BASE_URL + ").")
  @Nullable String baseUrl;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = "The bearer token (default: $" + TOKEN_VARIABLE + ").")
  @Nullable String token;

  @Option(
      names = "--transport",
      scope = ScopeType.INHERIT,
      paramLabel = "ws|sse",
      description = "The realtime transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "ws")
  TransportKind transport = TransportKind.ws;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print JSON for scripts instead of tables and progress bars.")
  boolean json;

  private final Console console;
  private final Map<String, String> environment;

  private FreshetCli(Console console, Map<String, String> environment) {
    this.console = console;
    this.environment = environment;
  }

  /**
   * Runs the CLI and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    // Ctrl-C does not interrupt a Java thread: the JVM runs its shutdown hooks and exits. This
    // hook interrupts the command and gives it a moment, so that it closes what it opened, says
    // "interrupted" and ends its JSON stream, as it does when interrupted in-process.
    Thread command = Thread.currentThread();
    AtomicBoolean exiting = new AtomicBoolean();
    Thread onCtrlC =
        new Thread(
            () -> {
              exiting.set(true);
              command.interrupt();
              try {
                command.join(SHUTDOWN_GRACE.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "freshet-shutdown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    int exitCode = run(args, out, err, System.getenv(), Console.stdoutIsTerminal());
    if (exiting.get()) {
      return; // The JVM is exiting already, with the signal's status (130 for Ctrl-C).
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
    } catch (IllegalStateException shutdownStarted) {
      return;
    }
    System.exit(exitCode);
  }

  /**
   * Runs the CLI in this JVM and returns its exit code; tests call this.
   *
   * @param args the command line
   * @param out where results go
   * @param err where errors and diagnostics go
   * @param environment the environment variables to read ({@value #TOKEN_VARIABLE}, {@value
   *     #BASE_URL_VARIABLE})
   * @param terminal whether {@code out} is a terminal (progress bars and redrawn tables); plain
   *     lines otherwise
   * @return the exit code, one of {@link ExitCodes}
   */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> environment,
      boolean terminal) {
    FreshetCli cli = new FreshetCli(new Console(out, err, terminal), Map.copyOf(environment));
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setOut(console(out));
    commandLine.setErr(console(err));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> ExitCodes.report(exception, cli.console(), cli.json));
    return commandLine.execute(args);
  }

  private static java.io.PrintWriter console(PrintStream stream) {
    return new java.io.PrintWriter(
        new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** The console, in the mode the global options ask for. */
  Console console() {
    return console.json(json);
  }

  /** The base URL from the option, the environment, or the default. */
  String baseUrl() {
    if (baseUrl != null) {
      return baseUrl;
    }
    return environment.getOrDefault(BASE_URL_VARIABLE, DEFAULT_BASE_URL);
  }

  /**
   * The token given with {@code --token} only, never from the environment: what {@code serve} and
   * {@code demo} give their own server. {@value #TOKEN_VARIABLE} holds the token of the server a
   * person works with, which a demo must not print.
   */
  @Nullable String tokenOption() {
    return token;
  }

  /** The token from the option or the environment, or {@code null}. */
  @Nullable String token() {
    if (token != null) {
      return token;
    }
    return environment.get(TOKEN_VARIABLE);
  }

  /** The realtime transport chosen. */
  TransportKind transport() {
    return transport;
  }

  /** Opens a session against the server the options name. */
  Session connect() {
    return Session.open(baseUrl(), token(), transport);
  }

  /** The realtime transports the CLI can use. */
  enum TransportKind {
    /** WebSocket. */
    ws,
    /** Server-Sent Events. */
    sse
  }
}
