package io.github.freshet.realtime.leads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.freshet.client.leads.Business;
import io.github.freshet.realtime.MalformedEventException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The Lead API's event types, and their decoding from an event's type and JSON data. */
public final class LeadEvents {
  /** A business was stored. */
  public static final String BUSINESS_CREATED = "business:created";

  /** A business changed. */
  public static final String BUSINESS_UPDATED = "business:updated";

  /** A business is gone. */
  public static final String BUSINESS_DELETED = "business:deleted";

  /** A scrape job moved on. */
  public static final String SCRAPING_PROGRESS = "scraping:progress";

  /** A scrape job finished. */
  public static final String SCRAPING_COMPLETE = "scraping:complete";

  /** A business's enrichment ended. */
  public static final String ENRICHMENT_COMPLETE = "enrichment:complete";

  /** The dashboard statistics changed. */
  public static final String STATS_UPDATED = "stats:updated";

  /** Every event type in the catalogue. */
  public static final Set<String> TYPES =
      Set.of(
          BUSINESS_CREATED,
          BUSINESS_UPDATED,
          BUSINESS_DELETED,
          SCRAPING_PROGRESS,
          SCRAPING_COMPLETE,
          ENRICHMENT_COMPLETE,
          STATS_UPDATED);

  private LeadEvents() {}

  /**
   * Decodes an event.
   *
   * @param type the event's type, such as {@code business:updated}
   * @param data the event's data as JSON text, or {@code null} for an event without data
   * @param mapper the mapper to decode with (the API client's, so that dates decode alike)
   * @return the event, or empty if the type is not in the catalogue
   * @throws MalformedEventException if the data is not JSON or not of the type's shape; the message
   *     names the type and the field, never a value
   */
  public static Optional<LeadEvent> decode(
      String type, @Nullable String data, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    return Optional.ofNullable(
        switch (type) {
          case BUSINESS_CREATED ->
              new LeadEvent.BusinessCreated(read(type, data, mapper, Business.class));
          case BUSINESS_UPDATED ->
              new LeadEvent.BusinessUpdated(read(type, data, mapper, Business.class));
          case BUSINESS_DELETED -> read(type, data, mapper, LeadEvent.BusinessDeleted.class);
          case SCRAPING_PROGRESS -> read(type, data, mapper, LeadEvent.ScrapingProgress.class);
          case SCRAPING_COMPLETE -> read(type, data, mapper, LeadEvent.ScrapingComplete.class);
          case ENRICHMENT_COMPLETE -> read(type, data, mapper, LeadEvent.EnrichmentComplete.class);
          case STATS_UPDATED -> new LeadEvent.StatsUpdated();
          default -> null;
        });
  }

  private static <T> T read(
      String type, @Nullable String data, ObjectMapper mapper, Class<T> shape) {
    if (data == null || data.isBlank()) {
      throw new MalformedEventException(type, "no data", null);
    }
    try {
      T value = mapper.readValue(data, shape);
      if (value == null) {
        throw new MalformedEventException(type, "data is JSON null", null);
      }
      return value;
    } catch (JsonMappingException e) {
      throw new MalformedEventException(type, "field '" + path(e) + "' missing or invalid", null);
    } catch (JsonProcessingException e) {
      // The parser's message quotes the payload: keep only where it broke.
      String where =
          e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
      throw new MalformedEventException(type, "not valid JSON" + where, null);
    }
  }

  private static String path(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return path.isEmpty() ? "(data)" : path;
  }
}
