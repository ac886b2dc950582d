package io.github.freshet.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Keys are values: normalised, copied, compared part by part, and readable. */
final class QueryKeyTest {
  private enum Sort {
    NAME,
    RATING
  }

  private record Page(String city, int number) {}

  // ---- Normalisation and equality ----

  @Test
  void of_integralNumbersOfAnyWidth_makeTheSameKey() {
    QueryKey<Object> fromInt = QueryKey.of("businesses", 2);
    QueryKey<Object> fromLong = QueryKey.of("businesses", 2L);
    QueryKey<Object> fromShort = QueryKey.of("businesses", (short) 2);
    QueryKey<Object> fromByte = QueryKey.of("businesses", (byte) 2);

    assertThat(fromInt).isEqualTo(fromLong).isEqualTo(fromShort).isEqualTo(fromByte);
    assertThat(fromInt.hashCode())
        .isEqualTo(fromLong.hashCode())
        .isEqualTo(fromShort.hashCode())
        .isEqualTo(fromByte.hashCode());
    assertThat(fromShort.parts()).containsExactly("businesses", 2L);
  }

  @Test
  void of_floatAndDoubleOfTheSameValue_makeTheSameKey() {
    QueryKey<Object> fromFloat = QueryKey.of("rating", 2.0f);
    QueryKey<Object> fromDouble = QueryKey.of("rating", 2.0);

    assertThat(fromFloat).isEqualTo(fromDouble).hasSameHashCodeAs(fromDouble);
    assertThat(fromFloat.parts()).containsExactly("rating", 2.0);
  }

  @Test
  void of_differentNumbers_makeDifferentKeys() {
    assertThat(QueryKey.of("page", 2)).isNotEqualTo(QueryKey.of("page", 3));
    assertThat(QueryKey.of("rating", 2.5)).isNotEqualTo(QueryKey.of("rating", 2.25f));
    // An integral part and a binary floating-point part are different parts.
    assertThat(QueryKey.of("page", 2)).isNotEqualTo(QueryKey.of("page", 2.0));
    assertThat(QueryKey.of("page", 2)).isNotEqualTo(QueryKey.of("page", "2"));
  }

  @Test
  void of_bigNumbers_areKeptAsTheyAre() {
    assertThat(QueryKey.of("n", new BigInteger("12345678901234567890")))
        .isEqualTo(QueryKey.of("n", new BigInteger("12345678901234567890")));
    assertThat(QueryKey.of("n", new BigDecimal("1.5")).parts())
        .containsExactly("n", new BigDecimal("1.5"));
  }

  @Test
  void of_mapsWithTheSameEntriesInAnotherOrder_areEqualWithEqualHashCodes() {
    Map<String, Object> cityFirst = new LinkedHashMap<>();
    cityFirst.put("city", "Austin");
    cityFirst.put("page", 2);
    cityFirst.put("hasEmail", true);
    Map<String, Object> pageFirst = new LinkedHashMap<>();
    pageFirst.put("hasEmail", true);
    pageFirst.put("page", 2L);
    pageFirst.put("city", "Austin");

    QueryKey<Object> a = QueryKey.of("businesses", "list", cityFirst);
    QueryKey<Object> b = QueryKey.of("businesses", "list", pageFirst);

    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a.toString()).isEqualTo(b.toString());
  }

  @Test
  void of_mapsWithDifferentEntries_areDifferent() {
    assertThat(QueryKey.of("list", Map.of("city", "Austin")))
        .isNotEqualTo(QueryKey.of("list", Map.of("city", "Dallas")))
        .isNotEqualTo(QueryKey.of("list", Map.of("city", "Austin", "page", 1)))
        .isNotEqualTo(QueryKey.of("list", Map.of()));
  }

  @Test
  void of_copiesLists_soMutatingTheSourceLaterChangesNothing() {
    List<Object> ids = new ArrayList<>(List.of("b_1", "b_2"));
    QueryKey<Object> key = QueryKey.of("businesses", ids);
    int hash = key.hashCode();

    ids.add("b_3");
    ids.set(0, "changed");

    assertThat(key).isEqualTo(QueryKey.of("businesses", List.of("b_1", "b_2")));
    assertThat(key.hashCode()).isEqualTo(hash);
    assertThat(key.toString()).isEqualTo("[businesses, [b_1, b_2]]");
  }

  @Test
  void of_copiesMaps_soMutatingTheSourceLaterChangesNothing() {
    Map<String, Object> filters = new HashMap<>();
    filters.put("city", "Austin");
    QueryKey<Object> key = QueryKey.of("businesses", "list", filters);
    int hash = key.hashCode();

    filters.put("city", "Dallas");
    filters.put("page", 3);

    assertThat(key).isEqualTo(QueryKey.of("businesses", "list", Map.of("city", "Austin")));
    assertThat(key.hashCode()).isEqualTo(hash);
  }

  @Test
  void of_copiesNestedCollections_soMutatingThemLaterChangesNothing() {
    List<Object> tags = new ArrayList<>(List.of("a"));
    Map<String, Object> filters = new HashMap<>();
    filters.put("tags", tags);
    QueryKey<Object> key = QueryKey.of("businesses", filters);

    tags.add("b");

    assertThat(key).isEqualTo(QueryKey.of("businesses", Map.of("tags", List.of("a"))));
  }

  @Test
  void of_copiesTheVarargsArray() {
    Object[] parts = {"businesses", "list"};
    QueryKey<Object> key = QueryKey.of(parts);

    parts[1] = "detail";

    assertThat(key.parts()).containsExactly("businesses", "list");
  }

  @Test
  void parts_andTheCollectionsInThem_areUnmodifiable() {
    QueryKey<Object> key = QueryKey.of("businesses", List.of(1), Map.of("a", 1));
    List<Object> parts = key.parts();

    assertThatThrownBy(() -> parts.add("more")).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) parts.get(1);
    assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<Object, Object> map = (Map<Object, Object>) parts.get(2);
    assertThatThrownBy(() -> map.put("b", 2L)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void of_recordsAsParts_compareByValue() {
    QueryKey<Object> a = QueryKey.of("businesses", new Page("Austin", 2));
    QueryKey<Object> b = QueryKey.of("businesses", new Page("Austin", 2));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(QueryKey.of("businesses", new Page("Austin", 3)));
    assertThat(a.parts().get(1)).isEqualTo(new Page("Austin", 2));
  }

  @Test
  void of_enumsAsParts_compareByConstant() {
    assertThat(QueryKey.of("businesses", Sort.NAME))
        .isEqualTo(QueryKey.of("businesses", Sort.NAME));
    assertThat(QueryKey.of("businesses", Sort.NAME))
        .isNotEqualTo(QueryKey.of("businesses", Sort.RATING))
        .isNotEqualTo(QueryKey.of("businesses", "NAME"));
    assertThat(QueryKey.of("businesses", Sort.RATING).toString()).isEqualTo("[businesses, RATING]");
  }

  @Test
  void of_booleansAsParts() {
    assertThat(QueryKey.of("enriched", true).parts()).containsExactly("enriched", true);
    assertThat(QueryKey.of("enriched", true)).isNotEqualTo(QueryKey.of("enriched", false));
  }

  @Test
  void of_nestedListsAndMaps_areNormalisedAllTheWayDown() {
    QueryKey<Object> ints =
        QueryKey.of("q", List.of(1, Map.of("page", 2, "sizes", List.of(10, 20.0f))));
    QueryKey<Object> longs =
        QueryKey.of("q", List.of(1L, Map.of("sizes", List.of(10L, 20.0), "page", 2L)));

    assertThat(ints).isEqualTo(longs).hasSameHashCodeAs(longs);
    assertThat(ints).isNotEqualTo(QueryKey.of("q", List.of(1, Map.of("page", 3))));
  }

  @Test
  void of_listsAreOrdered() {
    assertThat(QueryKey.of("q", List.of(1, 2))).isNotEqualTo(QueryKey.of("q", List.of(2, 1)));
  }

  @Test
  void equals_rejectsOtherTypes_evenWithTheSameParts() {
    QueryKey<Object> key = QueryKey.of("businesses");

    assertThat(key).isNotEqualTo(List.of("businesses"));
    assertThat(key).isNotEqualTo("[businesses]");
  }

  // ---- Prefixes ----

  @Test
  void startsWith_aShorterPrefix() {
    QueryKey<Object> key = QueryKey.of("businesses", "list", Map.of("city", "Austin"));

    assertThat(key.startsWith(QueryKey.of("businesses"))).isTrue();
    assertThat(key.startsWith(QueryKey.of("businesses", "list"))).isTrue();
  }

  @Test
  void startsWith_itself() {
    QueryKey<Object> key = QueryKey.of("businesses", "list", Map.of("city", "Austin"));

    assertThat(key.startsWith(key)).isTrue();
    assertThat(key.startsWith(QueryKey.of("businesses", "list", Map.of("city", "Austin"))))
        .isTrue();
  }

  @Test
  void startsWith_aLongerKey_isFalse() {
    QueryKey<Object> key = QueryKey.of("businesses", "list");

    assertThat(key.startsWith(QueryKey.of("businesses", "list", Map.of("city", "Austin"))))
        .isFalse();
  }

  @Test
  void startsWith_aDifferentKey_isFalse() {
    QueryKey<Object> key = QueryKey.of("businesses", "list", 2);

    assertThat(key.startsWith(QueryKey.of("jobs"))).isFalse();
    assertThat(key.startsWith(QueryKey.of("businesses", "detail"))).isFalse();
    assertThat(key.startsWith(QueryKey.of("list"))).isFalse();
  }

  @Test
  void startsWith_matchesWholePartsOnly() {
    assertThat(QueryKey.of("businesses").startsWith(QueryKey.of("business"))).isFalse();
    assertThat(QueryKey.of("q", List.of(1, 2)).startsWith(QueryKey.of("q", List.of(1)))).isFalse();
  }

  @Test
  void startsWith_normalisesThePrefixToo() {
    assertThat(QueryKey.of("page", 2L, "x").startsWith(QueryKey.of("page", 2))).isTrue();
  }

  // ---- with ----

  @Test
  void with_appendsNormalisedParts_andLeavesTheOriginalAlone() {
    QueryKey<Object> base = QueryKey.of("businesses");

    QueryKey<String> longer = base.with("detail", 7);

    assertThat(longer).isEqualTo(QueryKey.of("businesses", "detail", 7L));
    assertThat(longer.size()).isEqualTo(3);
    assertThat(longer.startsWith(base)).isTrue();
    assertThat(base.parts()).containsExactly("businesses");
    assertThat(base.size()).isEqualTo(1);
  }

  @Test
  void with_nothing_isAnEqualKey() {
    QueryKey<Object> base = QueryKey.of("businesses", "list");

    assertThat(base.<Object>with()).isEqualTo(base);
  }

  @Test
  void with_validatesTheNewParts() {
    QueryKey<Object> base = QueryKey.of("businesses");

    assertThatThrownBy(() -> base.with(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  // ---- toString ----

  @Test
  void toString_showsPartsInBrackets_withMapEntriesSorted() {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("page", 2);
    filters.put("city", "Austin");

    assertThat(QueryKey.of("businesses", "list", filters).toString())
        .isEqualTo("[businesses, list, {city=Austin, page=2}]");
  }

  @Test
  void toString_sortsNestedMapsToo() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", 2.5f);
    Map<String, Object> outer = new TreeMap<>((x, y) -> y.compareTo(x));
    outer.put("b", List.of(inner, true));
    outer.put("a", Sort.NAME);

    assertThat(QueryKey.of("q", outer).toString())
        .isEqualTo("[q, {a=NAME, b=[{a=2.5, z=1}, true]}]");
  }

  @Test
  void toString_ofASinglePart() {
    assertThat(QueryKey.of("businesses").toString()).isEqualTo("[businesses]");
  }

  // ---- Rejections ----

  @SuppressWarnings("JavaUtilDate") // The point: a mutable Date must not become a key part.
  private static Object aDate() {
    return new Date(0);
  }

  @Test
  void of_noParts_isRejected() {
    assertThatThrownBy(QueryKey::of)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A query key needs at least one part");
  }

  @Test
  @SuppressWarnings("NullAway") // Passes null on purpose: the key must reject it.
  void of_aNullPart_isRejected() {
    assertThatThrownBy(() -> QueryKey.of("businesses", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("A query key part must not be null");
  }

  @Test
  void of_aNullInsideAList_isRejected() {
    List<Object> withNull = Arrays.asList("a", null);

    assertThatThrownBy(() -> QueryKey.of("businesses", withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("A query key part must not be null");
  }

  @Test
  void of_aNullMapValueOrKey_isRejected() {
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("city", null);
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "Austin");

    assertThatThrownBy(() -> QueryKey.of("businesses", nullValue))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("A query key part must not be null");
    assertThatThrownBy(() -> QueryKey.of("businesses", nullKey))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("A query key part must not be null");
  }

  @Test
  void of_aPlainObject_isRejectedWithItsClassAndTheSupportedTypes() {
    assertThatThrownBy(() -> QueryKey.of("businesses", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unsupported query key part of java.lang.Object: use strings, numbers, booleans,"
                + " enums, lists, maps or records");
  }

  @Test
  void of_aDate_isRejected() {
    assertThatThrownBy(() -> QueryKey.of("businesses", aDate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unsupported query key part of java.util.Date");
  }

  @Test
  void of_anUnsupportedTypeNestedInACollection_isRejected() {
    assertThatThrownBy(() -> QueryKey.of("q", List.of(1, aDate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Date");
    assertThatThrownBy(() -> QueryKey.of("q", Map.of("since", aDate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Date");
  }

  @Test
  void of_aSet_isRejected() {
    assertThatThrownBy(() -> QueryKey.of("q", Set.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unsupported query key part");
  }
}
