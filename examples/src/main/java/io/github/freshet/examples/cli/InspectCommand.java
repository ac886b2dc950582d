package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QuerySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code freshet inspect}: the cache's entries, the devtools analogue. A CLI process starts with an
 * empty cache, so inspect first does what a screen would — observes the first page and the
 * statistics, opens one business with its contacts and closes it again — and then shows every
 * entry: key, status, staleness, observers, age.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Load a typical screen, then show the cache's entries (the devtools view).")
// Listener registrations are scoped by try-with-resources; the bodies need not name them.
@SuppressWarnings("try")
final class InspectCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The business to open (default: the first of the list).")
  @Nullable String id;

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    try (Session session = cli.connect();
        Dashboard dashboard = Dashboard.open(session)) {
      BusinessPage first = dashboard.firstPage();
      String open = id != null ? id : first.items().isEmpty() ? null : first.items().get(0).id();
      if (open != null) {
        ShowCommand.load(session, open); // Its observers close again: the entries stay, inactive.
      }
      print(console, session.cache(), Instant.now());
    }
    return ExitCodes.OK;
  }

  /** Prints the cache's entries, sorted by key. */
  static void print(Console console, QueryClient cache, Instant now) {
    List<QuerySnapshot> entries = new ArrayList<>(cache.snapshot());
    entries.sort(Comparator.comparing(entry -> entry.key().toString()));
    console.block(Tables.cache(entries, now));
    List<Map<String, Object>> json = new ArrayList<>();
    for (QuerySnapshot entry : entries) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", entry.key().parts().stream().map(String::valueOf).toList());
      row.put("status", Tables.lower(entry.state().status()));
      row.put("fetchStatus", Tables.lower(entry.state().fetchStatus()));
      row.put("stale", entry.stale());
      row.put("observers", entry.observers());
      row.put("active", entry.active());
      Instant updated = entry.state().dataUpdatedAt();
      row.put("ageMillis", updated == null ? null : Duration.between(updated, now).toMillis());
      row.put("updates", entry.state().dataUpdateCount());
      json.add(row);
    }
    console.json(json);
  }
}
