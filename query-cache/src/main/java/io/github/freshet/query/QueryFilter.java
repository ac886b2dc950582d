package io.github.freshet.query;

import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Selects cache entries for the client's bulk operations (invalidate, refetch, cancel, remove,
 * reset, set data, count fetching). Immutable; start from {@link #all()}, {@link #prefix} or {@link
 * #exact} and narrow it down.
 *
 * <pre>{@code
 * client.invalidateQueries(QueryFilter.prefix(LeadKeys.lists()));            // every list
 * client.refetchQueries(QueryFilter.all().inactive().staleOnly());
 * }</pre>
 */
public final class QueryFilter {
  private static final QueryFilter ALL =
      new QueryFilter(null, false, Activity.ANY, false, q -> true);

  private final @Nullable QueryKey<?> key;
  private final boolean exact;
  private final Activity activity;
  private final boolean staleOnly;
  private final Predicate<QuerySnapshot> predicate;

  private enum Activity {
    ANY,
    ACTIVE,
    INACTIVE
  }

  private QueryFilter(
      @Nullable QueryKey<?> key,
      boolean exact,
      Activity activity,
      boolean staleOnly,
      Predicate<QuerySnapshot> predicate) {
    this.key = key;
    this.exact = exact;
    this.activity = activity;
    this.staleOnly = staleOnly;
    this.predicate = predicate;
  }

  /**
   * Returns the filter that matches every entry.
   *
   * @return the filter
   */
  public static QueryFilter all() {
    return ALL;
  }

  /**
   * Returns a filter that matches the entries whose key starts with a prefix (the prefix itself
   * included).
   *
   * @param prefix the prefix
   * @return the filter
   */
  public static QueryFilter prefix(QueryKey<?> prefix) {
    return new QueryFilter(
        Objects.requireNonNull(prefix, "prefix"), false, Activity.ANY, false, q -> true);
  }

  /**
   * Returns a filter that matches the entry with exactly this key.
   *
   * @param key the key
   * @return the filter
   */
  public static QueryFilter exact(QueryKey<?> key) {
    return new QueryFilter(
        Objects.requireNonNull(key, "key"), true, Activity.ANY, false, q -> true);
  }

  /**
   * Narrows to entries with an enabled observer.
   *
   * @return a new filter
   */
  public QueryFilter active() {
    return new QueryFilter(key, exact, Activity.ACTIVE, staleOnly, predicate);
  }

  /**
   * Narrows to entries without an enabled observer.
   *
   * @return a new filter
   */
  public QueryFilter inactive() {
    return new QueryFilter(key, exact, Activity.INACTIVE, staleOnly, predicate);
  }

  /**
   * Narrows to stale entries (see {@link QuerySnapshot#stale()}).
   *
   * @return a new filter
   */
  public QueryFilter staleOnly() {
    return new QueryFilter(key, exact, activity, true, predicate);
  }

  /**
   * Narrows to entries that also satisfy a predicate.
   *
   * @param condition the predicate
   * @return a new filter
   */
  public QueryFilter where(Predicate<QuerySnapshot> condition) {
    Objects.requireNonNull(condition, "condition");
    return new QueryFilter(key, exact, activity, staleOnly, predicate.and(condition));
  }

  /**
   * Returns whether a key could match, before looking at the entry.
   *
   * @param candidate a key
   * @return {@code true} if the key part of this filter accepts it
   */
  public boolean matchesKey(QueryKey<?> candidate) {
    if (key == null) {
      return true;
    }
    return exact ? key.equals(candidate) : candidate.startsWith(key);
  }

  /**
   * Returns whether an entry matches.
   *
   * @param entry the entry
   * @return {@code true} if every part of this filter accepts it
   */
  public boolean matches(QuerySnapshot entry) {
    return matchesKey(entry.key())
        && (activity == Activity.ANY || entry.active() == (activity == Activity.ACTIVE))
        && (!staleOnly || entry.stale())
        && predicate.test(entry);
  }

  @Override
  public String toString() {
    return "QueryFilter{"
        + (key == null ? "all" : (exact ? "exact " : "prefix ") + key)
        + (activity == Activity.ANY
            ? ""
            : ", " + activity.name().toLowerCase(java.util.Locale.ROOT))
        + (staleOnly ? ", stale" : "")
        + '}';
  }
}
