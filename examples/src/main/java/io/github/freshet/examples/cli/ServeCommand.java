package io.github.freshet.examples.cli;

import io.github.freshet.examples.server.DemoServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code freshet serve}: just the demo server, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the demo Lead API server and print its URL and token; Ctrl-C stops it.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port = 8080;

  @Mixin ServerOptions server = new ServerOptions();

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    try (DemoServer running = server.start(cli.tokenOption(), port)) {
      Thread stopper = new Thread(running::close, "freshet-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(stopper);
      try {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseUrl", running.baseUrl());
        json.put("token", running.token());
        json.put("webSocketUrl", running.webSocketUrl());
        json.put("sseUrl", running.sseUrl());
        console.json(json);
        console.say("Lead API demo server on %s", running.baseUrl());
        console.say("token: %s", running.token());
        console.say("events: %s (WebSocket), %s (SSE)", running.webSocketUrl(), running.sseUrl());
        console.say("");
        console.say("try, in another terminal:");
        console.say("  export %s=%s", FreshetCli.TOKEN_VARIABLE, running.token());
        console.say("  scripts/freshet --base-url %s list --city Austin", running.baseUrl());
        console.say("  scripts/freshet --base-url %s watch", running.baseUrl());
        console.say("Ctrl-C stops the server.");
        new CountDownLatch(1).await(); // Until interrupted, or the JVM exits (the hook closes it).
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is exiting; the hook closes the server.
        }
      }
    }
    return ExitCodes.OK;
  }
}
