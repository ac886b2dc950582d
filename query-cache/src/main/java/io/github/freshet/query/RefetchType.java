package io.github.freshet.query;

/** Which of the queries an invalidation marks stale it also refetches. */
public enum RefetchType {
  /** Refetch the matching queries that have an enabled observer (the default). */
  ACTIVE,
  /** Refetch the matching queries that have no enabled observer. */
  INACTIVE,
  /** Refetch every matching query. */
  ALL,
  /** Only mark them stale. */
  NONE
}
