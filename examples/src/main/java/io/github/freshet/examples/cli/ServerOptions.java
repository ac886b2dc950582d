package io.github.freshet.examples.cli;

import io.github.freshet.examples.server.DemoServer;
import java.net.BindException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The demo server's knobs, shared by {@code serve} and {@code demo}. */
final class ServerOptions {
  @Option(names = "--seed", paramLabel = "N", description = "Seed of the data (default: 42).")
  long seed = 42;

  @Option(
      names = "--businesses",
      paramLabel = "N",
      description = "How many businesses to seed (default: 200).")
  int businesses = 200;

  @Option(
      names = "--scrape-duration",
      paramLabel = "DURATION",
      description = "How long a scrape job runs (default: PT10S).")
  @Nullable Duration scrapeDuration;

  @Option(
      names = "--enrichment-delay",
      paramLabel = "DURATION",
      description = "How long an enrichment takes (default: PT1.5S).")
  @Nullable Duration enrichmentDelay;

  @Option(
      names = "--enrichment-failure-rate",
      paramLabel = "RATE",
      description = "Share of accepted enrichments that fail later, 0 to 1 (default: 0.25).")
  @Nullable Double enrichmentFailureRate;

  @Option(
      names = "--enrichment-reject-rate",
      paramLabel = "RATE",
      description = "Share of enrichment requests refused with 503, 0 to 1 (default: 0).")
  @Nullable Double enrichmentRejectRate;

  @Option(
      names = "--latency",
      paramLabel = "DURATION",
      description = "Added to every HTTP answer, e.g. PT0.2S (default: none).")
  @Nullable Duration latency;

  @Option(
      names = "--error-rate",
      paramLabel = "RATE",
      description = "Share of HTTP requests answered 503, 0 to 1 (default: 0).")
  @Nullable Double errorRate;

  /**
   * Starts a server with these options on a port (0 picks a free one).
   *
   * @throws IllegalArgumentException if the port is taken, with a message that says what to do
   */
  DemoServer start(@Nullable String token, int port) {
    DemoServer server = builder(token).port(port).build();
    try {
      return server.start();
    } catch (IllegalStateException e) {
      server.close();
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new IllegalArgumentException(
              "port " + port + " is in use; choose another with --port (0 picks a free one)", e);
        }
      }
      throw e;
    }
  }

  /** A server builder with these options; the token is the CLI's, if one was given. */
  DemoServer.Builder builder(@Nullable String token) {
    DemoServer.Builder builder = DemoServer.builder().seed(seed).businesses(businesses);
    if (token != null) {
      builder.token(token);
    }
    if (scrapeDuration != null) {
      builder.scrapeDuration(scrapeDuration);
    }
    if (enrichmentDelay != null) {
      builder.enrichmentDelay(enrichmentDelay);
    }
    if (enrichmentFailureRate != null) {
      builder.enrichmentFailureRate(enrichmentFailureRate);
    }
    if (enrichmentRejectRate != null) {
      builder.enrichmentRejectRate(enrichmentRejectRate);
    }
    if (latency != null) {
      builder.latency(latency);
    }
    if (errorRate != null) {
      builder.errorRate(errorRate);
    }
    return builder;
  }
}
