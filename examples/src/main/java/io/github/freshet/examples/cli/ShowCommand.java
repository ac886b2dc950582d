package io.github.freshet.examples.cli;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.query.QueryObserver;
import io.github.freshet.query.QueryResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code freshet show ID}: one business and its contacts. The contacts are a dependent query: its
 * observer is disabled until the business has loaded, then enabled with it.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show one business and its contacts (a dependent query).")
// Listener registrations are scoped by try-with-resources; the bodies need not name them.
@SuppressWarnings("try")
final class ShowCommand implements Callable<Integer> {
  @ParentCommand @Nullable FreshetCli root;

  @Parameters(paramLabel = "ID", description = "The business's id.")
  String id = "";

  @Override
  public Integer call() throws Exception {
    FreshetCli cli = Commands.root(root);
    Console console = cli.console();
    try (Session session = cli.connect()) {
      Detail detail = load(session, id);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("business", detail.business());
      json.put("contacts", detail.contacts());
      console.json(json);
      console.block(Tables.business(detail.business()));
      console.block(Tables.contacts(detail.contacts()));
    }
    return ExitCodes.OK;
  }

  /** A business and its contacts, loaded the way a screen would: contacts wait for the business. */
  record Detail(Business business, List<Contact> contacts) {}

  static Detail load(Session session, String id) throws Exception {
    try (QueryObserver<Business> business = session.cache().observer(session.queries().detail(id));
        QueryObserver<List<Contact>> contacts =
            session.cache().observer(session.queries().contacts(id, null))) {
      CompletableFuture<Business> loaded = new CompletableFuture<>();
      CompletableFuture<List<Contact>> people = new CompletableFuture<>();
      try (QueryObserver.Registration unusedBusiness = business.subscribe(r -> settle(r, loaded));
          QueryObserver.Registration unusedContacts = contacts.subscribe(r -> settle(r, people))) {
        Business found = Commands.await(loaded);
        // The dependent query: disabled until now, enabled with the business it depends on.
        contacts.setOptions(session.queries().contacts(id, found));
        return new Detail(found, Commands.await(people));
      }
    }
  }

  static <T> void settle(QueryResult<T> result, CompletableFuture<T> into) {
    T data = result.data();
    if (result.isSuccess() && data != null && !result.isFetching()) {
      into.complete(data);
    } else if (result.isError() && result.error() != null) {
      into.completeExceptionally(result.error());
    }
  }
}
