package io.github.freshet.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.freshet.query.QueryClient;
import io.github.freshet.query.QueryKey;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The read path: {@code QueryClient.getQueryData} on 10,000 cached entries, against baselines
 * measured in the same run over the same keys: a {@code ConcurrentHashMap.get} and an unbounded
 * Caffeine {@code getIfPresent} (the floor DESIGN.md names), and Caffeine with per-entry expiry and
 * a weigher read with {@code getIfPresent} (the straightforward design Freshet's avoids). The
 * question is the ratio, not the nanoseconds: Freshet keeps expiry and weight off the read path, so
 * its read should cost about a plain Caffeine read, not the 3x of Caffeine's per-entry expiry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReadPathBenchmark {
  private static final int KEYS = 10_000;

  private final QueryKey<?>[] keys = new QueryKey<?>[KEYS];
  private final ConcurrentHashMap<QueryKey<?>, String> map = new ConcurrentHashMap<>();
  private final Cache<QueryKey<?>, String> caffeine = Caffeine.newBuilder().build();

  /** Caffeine set up as a cache with per-entry expiry and weights must be: the design avoided. */
  private final Cache<QueryKey<?>, String> caffeineWithExpiry =
      Caffeine.newBuilder()
          .expireAfter(Expiry.<QueryKey<?>, String>accessing((key, value) -> Duration.ofMinutes(5)))
          .maximumWeight(1_000_000)
          .weigher((QueryKey<?> key, String value) -> 1)
          .build();

  private @Nullable QueryClient client;
  private int next;

  /** Fills the map, the Caffeine cache and the query client with the same keys and values. */
  @Setup(Level.Trial)
  public void fill() {
    QueryClient queries = QueryClient.builder().build();
    for (int i = 0; i < KEYS; i++) {
      QueryKey<String> key = QueryKey.of("businesses", "detail", "biz_" + i);
      String value = "business " + i;
      keys[i] = key;
      map.put(key, value);
      caffeine.put(key, value);
      caffeineWithExpiry.put(key, value);
      queries.setQueryData(key, value);
    }
    client = queries;
  }

  /** Closes the query client. */
  @TearDown(Level.Trial)
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  private QueryKey<?> nextKey() {
    int index = next;
    next = index + 1 == KEYS ? 0 : index + 1;
    return keys[index];
  }

  /**
   * The baseline: a concurrent map lookup.
   *
   * @return the value, so that JMH keeps the read
   */
  @Benchmark
  public @Nullable Object concurrentHashMapGet() {
    return map.get(nextKey());
  }

  /**
   * The second baseline: an unbounded Caffeine cache lookup.
   *
   * @return the value, so that JMH keeps the read
   */
  @Benchmark
  public @Nullable Object caffeineGetIfPresent() {
    return caffeine.getIfPresent(nextKey());
  }

  /**
   * The third baseline: Caffeine with per-entry expiry and a weigher, read the usual way.
   *
   * @return the value, so that JMH keeps the read
   */
  @Benchmark
  public @Nullable Object caffeineWithExpiryGetIfPresent() {
    return caffeineWithExpiry.getIfPresent(nextKey());
  }

  /**
   * Freshet's read: the cached data of an entry, without fetching.
   *
   * @return the data, so that JMH keeps the read
   */
  @Benchmark
  public @Nullable Object queryClientGetQueryData() {
    return java.util.Objects.requireNonNull(client).getQueryData(nextKey());
  }
}
