package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.BusinessPage;
import io.github.freshet.client.leads.BusinessStatus;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code freshet list}: one page of businesses, through the query cache. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List businesses, one page at a time.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Option(names = "--search", paramLabel = "TEXT", description = "Free text: name, category, city.")
  @Nullable String search;

  @Option(names = "--city", paramLabel = "CITY", description = "Only this city.")
  @Nullable String city;

  @Option(names = "--category", paramLabel = "CATEGORY", description = "Only this category.")
  @Nullable String category;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only this lead status: new, contacted, qualified, converted, lost.")
  @Nullable String status;

  @Option(names = "--sort", paramLabel = "FIELD", description = "Sort order, e.g. name or -rating.")
  @Nullable String sort;

  @Option(names = "--page", paramLabel = "N", description = "Page number from 1 (default: 1).")
  int page = 1;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      description = "Businesses per page, 1 to 100 (default: 20).")
  int pageSize = 20;

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    BusinessFilters filters =
        BusinessFilters.builder()
            .search(search)
            .city(city)
            .category(category)
            .status(status == null ? null : BusinessStatus.of(status))
            .sort(sort)
            .page(page)
            .pageSize(pageSize)
            .build();
    Console console = cli.console();
    try (Session session = cli.connect()) {
      BusinessPage result =
          Commands.await(session.cache().fetchQuery(session.queries().list(filters)));
      console.json(result);
      console.block(Tables.businesses(result.items()));
      console.say(
          "page %d of %d (%d businesses)",
          result.page(),
          Math.max(1, (result.total() + result.pageSize() - 1) / result.pageSize()),
          result.total());
    }
    return ExitCodes.OK;
  }
}
