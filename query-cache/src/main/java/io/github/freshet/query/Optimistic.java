package io.github.freshet.query;

import java.util.function.UnaryOperator;

/**
 * Applies optimistic changes on behalf of one mutation, from its {@code onMutate} callback. Each
 * change is a layer over the entry's server data that belongs to this mutation: readers see it at
 * once; if the mutation fails, exactly its layers are removed (other mutations' layers stay); if it
 * succeeds, they stay until server data from after it lands (Freshet invalidates the entries it
 * changed so that this happens). Entries that do not exist or hold no data are left alone.
 */
public interface Optimistic {
  /**
   * Layers a change over one entry.
   *
   * @param key the entry
   * @param updater from the data (with earlier layers applied) to the changed data; must not return
   *     null, and may run again whenever the server data changes, on data that may already include
   *     this change: make it idempotent (replace or insert by id, not a blind append). Runs under
   *     the entry's lock: keep it pure
   * @param <T> the data's type
   */
  <T> void update(QueryKey<T> key, UnaryOperator<T> updater);

  /**
   * Layers a change over every matching entry whose data is of a type, such as every cached list
   * that holds a business.
   *
   * @param filter which entries
   * @param type the data type to change; entries holding something else are left alone
   * @param updater from the data to the changed data; must not return null; idempotent and pure, as
   *     for {@link #update}
   * @param <T> the data type
   */
  <T> void updateAll(QueryFilter filter, Class<T> type, UnaryOperator<T> updater);
}
