package io.github.freshet.examples.server;

import java.util.Random;
import java.util.function.Function;

/** The server's one source of runtime randomness, seeded so that runs are reproducible. */
final class SeededRandom {
  private final Random random;

  SeededRandom(long seed) {
    this.random = new Random(seed);
  }

  /** Returns {@code true} with probability {@code rate}: always for 1, never for 0. */
  synchronized boolean chance(double rate) {
    return random.nextDouble() < rate;
  }

  /** Runs {@code action} with the random source, no other draw interleaving. */
  synchronized <T> T apply(Function<Random, T> action) {
    return action.apply(random);
  }

  synchronized int nextInt(int bound) {
    return random.nextInt(bound);
  }

  synchronized int between(int min, int maxInclusive) {
    return min + random.nextInt(maxInclusive - min + 1);
  }
}
