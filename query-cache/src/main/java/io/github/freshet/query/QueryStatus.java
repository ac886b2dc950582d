package io.github.freshet.query;

/** Whether a query has data: the data axis of its state (see {@link FetchStatus} for the other). */
public enum QueryStatus {
  /** No data yet, and no error: the first fetch has not succeeded. */
  PENDING,
  /** The last fetch (or write) succeeded; data is present. */
  SUCCESS,
  /** The last fetch failed after its retries; data from before may still be present. */
  ERROR
}
