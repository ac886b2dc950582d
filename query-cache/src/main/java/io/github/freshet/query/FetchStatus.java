package io.github.freshet.query;

/** Whether a query's fetch function is running: the fetch axis of its state. */
public enum FetchStatus {
  /** A fetch is running, or waiting between retries. */
  FETCHING,
  /** A fetch wants to run but the client is offline; it continues when the client is online. */
  PAUSED,
  /** No fetch is running. */
  IDLE
}
