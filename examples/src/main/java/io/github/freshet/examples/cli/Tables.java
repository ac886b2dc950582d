package io.github.freshet.examples.cli;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.HorizontalAlign;
import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessFilters;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.DashboardStats;
import io.github.freshet.query.QueryKey;
import io.github.freshet.query.QuerySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** The CLI's tables, drawn with ascii-table. */
final class Tables {
  private static final @Nullable Character[] STYLE = AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS;

  private Tables() {}

  static String businesses(Collection<Business> businesses) {
    return AsciiTable.getTable(
        STYLE,
        businesses,
        List.of(
            new Column().header("ID").with(Business::id),
            new Column().header("NAME").maxWidth(32).with(Business::name),
            new Column().header("CATEGORY").with(b -> text(b.category())),
            new Column().header("CITY").with(b -> text(b.city())),
            new Column().header("STATUS").with(b -> b.status().value()),
            new Column().header("ENRICHMENT").with(b -> b.enrichment().value()),
            new Column()
                .header("V")
                .dataAlign(HorizontalAlign.RIGHT)
                .with(b -> Long.toString(b.version()))));
  }

  static String business(Business business) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"id", business.id()});
    rows.add(new String[] {"name", business.name()});
    rows.add(new String[] {"category", text(business.category())});
    rows.add(new String[] {"address", text(business.address())});
    rows.add(new String[] {"city", text(business.city())});
    rows.add(new String[] {"phone", text(business.phone())});
    rows.add(new String[] {"website", text(business.website())});
    rows.add(new String[] {"email", text(business.email())});
    rows.add(
        new String[] {"rating", business.rating() == null ? "-" : business.rating().toString()});
    rows.add(new String[] {"status", business.status().value()});
    rows.add(new String[] {"enrichment", business.enrichment().value()});
    rows.add(new String[] {"version", Long.toString(business.version())});
    rows.add(new String[] {"updated", business.updatedAt().toString()});
    return AsciiTable.getTable(
        STYLE,
        new Column[] {new Column().header("FIELD"), new Column().header("VALUE").maxWidth(60)},
        rows.toArray(new Object[0][]));
  }

  static String contacts(Collection<Contact> contacts) {
    if (contacts.isEmpty()) {
      return "(no contacts)";
    }
    return AsciiTable.getTable(
        STYLE,
        contacts,
        List.of(
            new Column().header("CONTACT").with(Contact::name),
            new Column().header("TITLE").with(c -> text(c.title())),
            new Column().header("EMAIL").with(c -> text(c.email())),
            new Column().header("PHONE").with(c -> text(c.phone()))));
  }

  static String stats(DashboardStats stats) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"businesses", Long.toString(stats.totalBusinesses())});
    rows.add(new String[] {"with email", Long.toString(stats.withEmail())});
    rows.add(new String[] {"with website", Long.toString(stats.withWebsite())});
    rows.add(new String[] {"enriched", Long.toString(stats.enriched())});
    rows.add(new String[] {"active jobs", Integer.toString(stats.activeJobs())});
    rows.add(new String[] {"failed jobs", Integer.toString(stats.failedJobs())});
    for (Map.Entry<String, Long> entry : stats.byStatus().entrySet()) {
      rows.add(new String[] {"status " + entry.getKey(), entry.getValue().toString()});
    }
    for (Map.Entry<String, Long> entry : stats.byCategory().entrySet()) {
      rows.add(new String[] {"category " + entry.getKey(), entry.getValue().toString()});
    }
    rows.add(new String[] {"generated", stats.generatedAt().toString()});
    return AsciiTable.getTable(
        STYLE,
        new Column[] {
          new Column().header("STATISTIC"),
          new Column().header("VALUE").dataAlign(HorizontalAlign.RIGHT)
        },
        rows.toArray(new Object[0][]));
  }

  static String cache(Collection<QuerySnapshot> entries, Instant now) {
    return AsciiTable.getTable(
        STYLE,
        entries,
        List.of(
            new Column().header("KEY").maxWidth(60).with(e -> key(e.key())),
            new Column().header("STATUS").with(e -> lower(e.state().status())),
            new Column().header("FETCH").with(e -> lower(e.state().fetchStatus())),
            new Column().header("FRESH").with(e -> e.stale() ? "stale" : "fresh"),
            new Column()
                .header("OBSERVERS")
                .dataAlign(HorizontalAlign.RIGHT)
                .with(e -> e.observers() + (e.active() ? " (active)" : "")),
            new Column()
                .header("AGE")
                .dataAlign(HorizontalAlign.RIGHT)
                .with(e -> age(e.state().dataUpdatedAt(), now)),
            new Column()
                .header("UPDATES")
                .dataAlign(HorizontalAlign.RIGHT)
                .with(e -> Integer.toString(e.state().dataUpdateCount()))));
  }

  static String age(@Nullable Instant updatedAt, Instant now) {
    if (updatedAt == null) {
      return "-";
    }
    Duration age = Duration.between(updatedAt, now);
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    return age.toMillis() < 10_000
        ? age.toMillis() + " ms"
        : age.toSeconds() < 600 ? age.toSeconds() + " s" : age.toMinutes() + " min";
  }

  /**
   * Shows a query key for people: list filters as their set fields only, e.g. {@code [businesses,
   * list, {city=Austin, pageSize=6}]}.
   */
  static String key(QueryKey<?> key) {
    StringBuilder shown = new StringBuilder("[");
    for (Object part : key.parts()) {
      if (shown.length() > 1) {
        shown.append(", ");
      }
      shown.append(part instanceof BusinessFilters filters ? filters(filters) : part);
    }
    return shown.append(']').toString();
  }

  private static String filters(BusinessFilters filters) {
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    fields.put("search", filters.search());
    fields.put("city", filters.city());
    fields.put("category", filters.category());
    fields.put("status", filters.status());
    fields.put("hasEmail", filters.hasEmail());
    fields.put("enriched", filters.enriched());
    fields.put("sort", filters.sort());
    fields.put("page", filters.page());
    fields.put("pageSize", filters.pageSize());
    StringJoiner set = new StringJoiner(", ", "{", "}");
    fields.forEach((name, value) -> {
      if (value != null) {
        set.add(name + "=" + value);
      }
    });
    return set.toString();
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static String text(@Nullable String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
