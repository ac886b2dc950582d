package io.github.freshet.examples.server;

import io.github.freshet.client.leads.Business;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.Contact;
import io.github.freshet.client.leads.EnrichmentState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Makes up plausible businesses and contacts from a {@link Random}: the same random sequence gives
 * the same businesses, byte for byte.
 */
final class BusinessFactory {
  /** A city the demo knows: its state, area code and ZIP prefix. */
  record City(String name, String state, String areaCode, String zipPrefix) {}

  /** A category and the words a business of it puts after its name. */
  record Category(String name, List<String> suffixes) {}

  static final List<City> CITIES =
      List.of(
          new City("Austin", "TX", "512", "787"),
          new City("Denver", "CO", "303", "802"),
          new City("Portland", "OR", "503", "972"),
          new City("Seattle", "WA", "206", "981"),
          new City("Chicago", "IL", "312", "606"),
          new City("Boston", "MA", "617", "021"),
          new City("Nashville", "TN", "615", "372"),
          new City("Phoenix", "AZ", "602", "850"),
          new City("Atlanta", "GA", "404", "303"),
          new City("Minneapolis", "MN", "612", "554"));

  static final List<Category> CATEGORIES =
      List.of(
          new Category("plumber", List.of("Plumbing", "Plumbing & Drain", "Pipe Works")),
          new Category("dentist", List.of("Dental", "Family Dentistry", "Dental Studio")),
          new Category("bakery", List.of("Bakery", "Bread Co.", "Pastry House")),
          new Category("electrician", List.of("Electric", "Electrical Services", "Wiring Co.")),
          new Category("florist", List.of("Florist", "Flowers", "Blooms")),
          new Category("roofer", List.of("Roofing", "Roof & Gutter", "Roofing Co.")),
          new Category("landscaper", List.of("Landscaping", "Lawn & Garden", "Yard Works")),
          new Category("salon", List.of("Salon", "Hair Studio", "Beauty Bar")),
          new Category("veterinarian", List.of("Animal Hospital", "Veterinary Clinic", "Pet Care")),
          new Category("cafe", List.of("Coffee", "Cafe", "Espresso Bar")),
          new Category("accountant", List.of("Accounting", "Tax & Books", "CPA Group")),
          new Category("locksmith", List.of("Locksmith", "Lock & Key", "Security Locks")));

  private static final List<String> PREFIXES =
      List.of(
          "Alder Street",
          "Maple Leaf",
          "Cedar Ridge",
          "Riverside",
          "Northside",
          "Summit",
          "Blue Door",
          "Golden Hour",
          "Lakeview",
          "Oak & Iron",
          "Copper Kettle",
          "Juniper",
          "Harbor",
          "Fox Hollow",
          "Pine Street",
          "Union Square",
          "Redwood",
          "Ironwood",
          "Sunny Side",
          "Bright Path",
          "Old Town",
          "Keystone",
          "Evergreen",
          "Granite Peak",
          "Willow Creek",
          "Hilltop",
          "Main Street",
          "Bayside",
          "Prairie",
          "Silver Birch");

  private static final List<String> SURNAMES =
      List.of(
          "Delgado",
          "Nguyen",
          "Okafor",
          "Lindqvist",
          "Patel",
          "Romero",
          "Kowalski",
          "Brennan",
          "Haddad",
          "Moreau",
          "Sato",
          "Fischer",
          "Adeyemi",
          "Costa",
          "Larsen",
          "Murphy");

  private static final List<String> FIRST_NAMES =
      List.of(
          "Maria", "Trevor", "Aisha", "Jonas", "Priya", "Diego", "Hannah", "Kenji", "Grace", "Omar",
          "Lena", "Marcus", "Sofia", "Ethan", "Nadia", "Caleb");

  private static final List<String> STREETS =
      List.of(
          "Alder St",
          "Main St",
          "Oak Ave",
          "Elm St",
          "Congress Ave",
          "Pine St",
          "Lake Dr",
          "Market St",
          "2nd Ave",
          "Broadway",
          "Cedar Ln",
          "Hill Rd",
          "Park Blvd",
          "River Rd");

  private static final List<String> TITLES =
      List.of("Owner", "Office Manager", "Operations Lead", "Head of Sales", "Co-founder");

  private BusinessFactory() {}

  /**
   * Makes up the seed businesses, all at version 1.
   *
   * @param seed the seed; the same seed gives the same businesses
   * @param count how many
   * @param ids the next business id
   * @param contactIds the next contact id
   */
  static List<Business> seed(
      long seed, int count, Supplier<String> ids, Supplier<String> contactIds) {
    Random random = new Random(seed);
    // A fixed instant derived from the seed, so that the data never depends on the clock.
    Instant base =
        Instant.parse("2026-01-05T09:00:00Z").minus(Duration.ofDays(Math.floorMod(seed, 60)));
    List<Business> businesses = new ArrayList<>(count);
    Instant created = base;
    for (int i = 0; i < count; i++) {
      created = created.plusSeconds(600 + random.nextInt(4 * 3600));
      Instant updated = created.plusSeconds(random.nextInt(20 * 24 * 3600));
      City city = pick(random, CITIES);
      Category category = pick(random, CATEGORIES);
      BusinessStatus status = status(random);
      int roll = random.nextInt(100);
      EnrichmentState enrichment =
          roll < 55
              ? EnrichmentState.NONE
              : roll < 90 ? EnrichmentState.ENRICHED : EnrichmentState.FAILED;
      businesses.add(
          business(
              random,
              ids.get(),
              city.name(),
              category.name(),
              status,
              enrichment,
              contactIds,
              created,
              updated));
    }
    return businesses;
  }

  /**
   * Makes up one business at version 1.
   *
   * @param enrichment {@code ENRICHED} gives it email, website and 1 to 3 contacts; otherwise it
   *     has at most one contact, and a website and email only sometimes
   */
  static Business business(
      Random random,
      String id,
      String cityName,
      String categoryName,
      BusinessStatus status,
      EnrichmentState enrichment,
      Supplier<String> contactIds,
      Instant createdAt,
      Instant updatedAt) {
    City city = city(cityName);
    String suffix = suffix(random, categoryName);
    String name;
    int style = random.nextInt(10);
    if (style < 7) {
      name = pick(random, PREFIXES) + " " + suffix;
    } else if (style < 9) {
      name = pick(random, SURNAMES) + " " + suffix;
    } else {
      name = pick(random, SURNAMES) + " & Sons " + suffix;
    }
    String domain = slug(name) + ".example";
    boolean enriched = enrichment.equals(EnrichmentState.ENRICHED);
    String address =
        (100 + random.nextInt(9800))
            + " "
            + pick(random, STREETS)
            + ", "
            + city.name()
            + (city.state().isEmpty() ? "" : ", " + city.state())
            + " "
            + city.zipPrefix()
            + String.format(Locale.ROOT, "%02d", random.nextInt(100));
    String phone = phone(random, city);
    @Nullable String website = enriched || random.nextInt(100) < 45 ? "https://" + domain : null;
    @Nullable String email =
        enriched || (website != null && random.nextInt(100) < 50) ? "hello@" + domain : null;
    @Nullable Double rating = random.nextInt(100) < 80 ? (25 + random.nextInt(26)) / 10.0 : null;
    int contactCount = enriched ? 1 + random.nextInt(3) : random.nextInt(100) < 20 ? 1 : 0;
    List<Contact> contacts = contacts(random, contactCount, domain, city, contactIds);
    return new Business(
        id,
        name,
        categoryName,
        address,
        city.name(),
        phone,
        website,
        email,
        rating,
        status,
        enrichment,
        contacts,
        1,
        createdAt,
        updatedAt);
  }

  /** Makes up 1 to 3 contacts, as an enrichment would find them. */
  static List<Contact> contacts(Random random, Business business, Supplier<String> contactIds) {
    String website = business.website();
    String domain =
        website != null
            ? website.replaceFirst("^https?://", "")
            : slug(business.name()) + ".example";
    String cityName = business.city();
    City city = city(cityName == null ? "" : cityName);
    return contacts(random, 1 + random.nextInt(3), domain, city, contactIds);
  }

  private static List<Contact> contacts(
      Random random, int count, String domain, City city, Supplier<String> contactIds) {
    List<Contact> contacts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String first = pick(random, FIRST_NAMES);
      String last = pick(random, SURNAMES);
      @Nullable String title = random.nextInt(100) < 80 ? TITLES.get(Math.min(i, 4)) : null;
      @Nullable String email =
          random.nextInt(100) < 70 ? first.toLowerCase(Locale.ROOT) + "@" + domain : null;
      @Nullable String phone = random.nextInt(100) < 50 ? phone(random, city) : null;
      contacts.add(new Contact(contactIds.get(), first + " " + last, title, email, phone));
    }
    return contacts;
  }

  static City city(String name) {
    for (City city : CITIES) {
      if (city.name().equalsIgnoreCase(name)) {
        return city;
      }
    }
    return new City(name, "", "555", "000");
  }

  private static String suffix(Random random, String categoryName) {
    for (Category category : CATEGORIES) {
      if (category.name().equalsIgnoreCase(categoryName)) {
        return pick(random, category.suffixes());
      }
    }
    String trimmed = categoryName.trim();
    return trimmed.substring(0, 1).toUpperCase(Locale.ROOT) + trimmed.substring(1);
  }

  private static BusinessStatus status(Random random) {
    int roll = random.nextInt(100);
    if (roll < 45) {
      return BusinessStatus.NEW;
    } else if (roll < 65) {
      return BusinessStatus.CONTACTED;
    } else if (roll < 80) {
      return BusinessStatus.QUALIFIED;
    } else if (roll < 90) {
      return BusinessStatus.CONVERTED;
    }
    return BusinessStatus.LOST;
  }

  private static String phone(Random random, City city) {
    // 555-01xx numbers are reserved for fiction.
    return String.format(Locale.ROOT, "+1 %s-555-01%02d", city.areaCode(), random.nextInt(100));
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replace("&", "and").replaceAll("[^a-z0-9]", "");
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
