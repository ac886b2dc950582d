package io.github.freshet.examples.server;

import java.util.Random;

/**
 * The server's runtime randomness, seeded so that runs are reproducible. Each decision draws from
 * its own source, named by what it decides and for what (a job id and attempt, say), so that one
 * kind of draw never shifts another: how many requests came first, or in what order the threads
 * ran, changes no scrape result and no enrichment outcome. A rate of 0 or 1 draws nothing.
 *
 * <p>Thread-safe: it holds nothing but the seed.
 */
final class SeededRandom {
  private final long seed;

  SeededRandom(long seed) {
    this.seed = seed;
  }

  /**
   * Returns a random source for one decision: the same sequence for the same seed, purpose and key.
   *
   * @param purpose what is decided, e.g. {@code "scrape-results"}
   * @param key what for, e.g. a job id
   */
  Random forKey(String purpose, String key) {
    return new Random(mix(mix(seed ^ purpose.hashCode()) ^ key.hashCode()));
  }

  /** Returns {@code true} with probability {@code rate}: always for 1, never for 0. */
  boolean chance(double rate, String purpose, String key) {
    if (rate <= 0) {
      return false;
    }
    if (rate >= 1) {
      return true;
    }
    return forKey(purpose, key).nextDouble() < rate;
  }

  /**
   * The SplitMix64 finalizer: nearby inputs give unrelated outputs, which Random's seeding lacks.
   */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
