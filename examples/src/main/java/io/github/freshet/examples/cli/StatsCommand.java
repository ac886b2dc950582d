package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.DashboardStats;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code freshet stats}: the dashboard statistics. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show the statistics.")
final class StatsCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    try (Session session = cli.connect()) {
      DashboardStats stats = Commands.await(session.cache().fetchQuery(session.queries().stats()));
      console.json(stats);
      console.block(Tables.stats(stats));
    }
    return ExitCodes.OK;
  }
}
