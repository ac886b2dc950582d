package io.github.freshet.query;

/** Where a mutation stands. */
public enum MutationStatus {
  /** Not started (or reset). */
  IDLE,
  /** Started: optimistic changes applied, the mutation function running, retrying or paused. */
  PENDING,
  /** The mutation function succeeded. */
  SUCCESS,
  /** The mutation function failed after its retries; optimistic changes were rolled back. */
  ERROR
}
