package io.github.freshet.query;

import io.github.freshet.client.ExtensibleEnum;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The address of a cache entry: a list of parts from the general to the specific, such as {@code
 * [businesses, list, {city=Austin, page=2}]}. Typed by the data it addresses, value-based and
 * immutable.
 *
 * <p>Parts may be strings, numbers, booleans, enums (including the client's {@link ExtensibleEnum}
 * values), lists, maps and records (of such parts; records must be immutable). Integral numbers are
 * normalised to {@code Long} and the other binary numbers to {@code Double}, so {@code 2} and
 * {@code 2L} make the same key. Lists and maps are copied into immutable ones; two maps with the
 * same entries make the same key whatever their order. Keys are compared part by part with {@code
 * equals}, so {@link #startsWith} matches whole parts: the prefix {@code [businesses, list]}
 * matches every filtered list, {@code [businesses]} matches everything about businesses.
 *
 * @param <T> the type of the data cached under this key; a prefix used only to match other keys may
 *     use any type
 */
// T is a phantom type: it types getQueryData and friends, and is never stored.
@SuppressWarnings("UnusedTypeParameter")
public final class QueryKey<T> {
  private final List<Object> parts;
  private final int hash;

  private QueryKey(List<Object> parts) {
    this.parts = parts;
    this.hash = parts.hashCode();
  }

  /**
   * Returns a key of the given parts.
   *
   * @param parts the parts, at least one
   * @param <T> the type of the data the key addresses
   * @return the key
   * @throws IllegalArgumentException if there is no part, or a part is of an unsupported type
   * @throws NullPointerException if a part, or an element of one, is null
   */
  public static <T> QueryKey<T> of(Object... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("A query key needs at least one part");
    }
    List<Object> normalized = new ArrayList<>(parts.length);
    for (Object part : parts) {
      normalized.add(normalize(part));
    }
    return new QueryKey<>(Collections.unmodifiableList(normalized));
  }

  /**
   * Returns a longer key: this key's parts followed by more.
   *
   * @param more the parts to add
   * @param <R> the type of the data the new key addresses
   * @return the new key
   */
  public <R> QueryKey<R> with(Object... more) {
    Object[] all = Arrays.copyOf(parts.toArray(), parts.size() + more.length);
    System.arraycopy(more, 0, all, parts.size(), more.length);
    return of(all);
  }

  /**
   * Returns the parts, as normalised.
   *
   * @return the parts, unmodifiable
   */
  public List<Object> parts() {
    return parts;
  }

  /**
   * Returns how many parts this key has.
   *
   * @return the number of parts
   */
  public int size() {
    return parts.size();
  }

  /**
   * Returns whether this key begins with every part of {@code prefix}, in order. Every key starts
   * with itself.
   *
   * @param prefix the prefix
   * @return {@code true} if this key is {@code prefix} or under it
   */
  public boolean startsWith(QueryKey<?> prefix) {
    if (prefix.parts.size() > parts.size()) {
      return false;
    }
    for (int i = 0; i < prefix.parts.size(); i++) {
      if (!parts.get(i).equals(prefix.parts.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof QueryKey<?> that && hash == that.hash && parts.equals(that.parts));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns the parts in brackets, with map entries sorted: {@code [businesses, list, {a=1}]}. */
  @Override
  public String toString() {
    return parts.stream().map(QueryKey::show).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String show(Object part) {
    if (part instanceof Map<?, ?> map) {
      TreeMap<String, String> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(show(k), show(v)));
      return sorted.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (part instanceof List<?> list) {
      return list.stream().map(QueryKey::show).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(part);
  }

  private static Object normalize(Object part) {
    Objects.requireNonNull(part, "A query key part must not be null");
    if (part instanceof String
        || part instanceof Boolean
        || part instanceof Enum<?>
        || part instanceof ExtensibleEnum) {
      return part;
    }
    if (part instanceof Byte
        || part instanceof Short
        || part instanceof Integer
        || part instanceof Long) {
      return ((Number) part).longValue();
    }
    if (part instanceof Float || part instanceof Double) {
      return ((Number) part).doubleValue();
    }
    if (part instanceof BigInteger || part instanceof BigDecimal) {
      return part;
    }
    if (part instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(normalize(element));
      }
      return Collections.unmodifiableList(copy);
    }
    if (part instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new java.util.HashMap<>();
      map.forEach((k, v) -> {
        if (copy.put(normalize(k), normalize(v)) != null) {
          throw new IllegalArgumentException(
              "Map keys " + k + " and another become equal in a query key: " + map);
        }
      });
      return Collections.unmodifiableMap(copy);
    }
    if (part instanceof Record) {
      return part; // Records are value-based; their components are the caller's business.
    }
    throw new IllegalArgumentException(
        "Unsupported query key part of "
            + part.getClass().getName()
            + ": use strings, numbers, booleans, enums, lists, maps or records");
  }
}
