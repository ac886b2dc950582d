package io.github.freshet.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.freshet.client.leads.BusinessStatus;
import io.github.freshet.client.leads.BusinessUpdate;
import io.github.freshet.client.leads.Health;
import io.github.freshet.realtime.Transports;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsConfig;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the {@link LeadService}: routes, request validation, the conventions of {@code
 * docs/openapi.yaml} (bearer auth, {@code X-Request-Id} echo, {@code Idempotency-Key} replay,
 * {@code ErrorBody} errors), the injected latency and errors, and the two event streams.
 *
 * <p>Validation follows one rule: a request that is not well-formed (bad JSON, a property of the
 * wrong type, an unknown property, an unknown enumeration value, a missing required property, a
 * query parameter out of range) is a 400; a well-formed request body whose values make no sense (a
 * blank name, a limit out of range, an empty update or batch) is a 422.
 */
final class HttpApi {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  static final String EVENTS_PATH = "/api/events";
  static final String WEBSOCKET_PATH = "/api/events/ws";

  private static final String JSON_TYPE = "application/json";
  private static final int IDEMPOTENCY_KEYS = 1000;
  private static final Pattern SORT = Pattern.compile("-?[A-Za-z][A-Za-z0-9]*");
  private static final Set<String> SORTABLE =
      Set.of("name", "city", "category", "rating", "status", "createdAt", "updatedAt");
  private static final Set<String> STATUSES =
      Set.of("new", "contacted", "qualified", "converted", "lost");
  private static final Set<String> UPDATE_FIELDS =
      Set.of("name", "category", "address", "city", "phone", "website", "email", "status");
  private static final Set<String> SCRAPE_FIELDS = Set.of("city", "category", "limit");
  private static final String REQUEST_ID = "X-Request-Id";

  private final LeadService service;
  private final EventLog events;
  private final SeededRandom random;
  private final AtomicLong requests = new AtomicLong(); // The key of each injected-error draw.
  private final Clock clock;
  private final String token;
  private final Duration latency;
  private final double errorRate;
  private final int sseQueueCapacity;
  private final Instant createdAt;
  private final Idempotency idempotency = new Idempotency(IDEMPOTENCY_KEYS);
  private final Map<String, WebSocketSink> webSockets = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  HttpApi(
      LeadService service,
      EventLog events,
      SeededRandom random,
      Clock clock,
      String token,
      Duration latency,
      double errorRate,
      int eventHistory) {
    this.service = service;
    this.events = events;
    this.random = random;
    this.clock = clock;
    this.token = token;
    this.latency = latency;
    this.errorRate = errorRate;
    this.sseQueueCapacity = eventHistory + 1024;
    this.createdAt = clock.instant();
  }

  /** While stopping, the event streams refuse new clients (503) instead of holding the stop up. */
  void stopping(boolean stopping) {
    this.stopping = stopping;
  }

  void configure(RoutesConfig routes) {
    routes.before(this::before);
    routes.exception(HttpError.class, (e, ctx) -> write(ctx, error(e)));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            write(ctx, error(new HttpError(e.getStatus(), code(e.getStatus()), message(e, ctx)))));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("{} {} failed", ctx.method(), ctx.path(), e);
          write(ctx, error(new HttpError(500, "internal_error", "The demo server failed")));
        });

    routes.get("/api/health", answer(ctx -> json(200, health())));
    routes.get("/api/businesses", answer(ctx -> json(200, service.list(listQuery(ctx)))));
    routes.get("/api/businesses/stats", answer(ctx -> json(200, service.stats())));
    routes.get(
        "/api/businesses/{id}", answer(ctx -> json(200, service.retrieve(ctx.pathParam("id")))));
    routes.patch(
        "/api/businesses/{id}",
        idempotent(ctx -> json(200, service.update(ctx.pathParam("id"), businessUpdate(ctx)))));
    routes.delete(
        "/api/businesses/{id}",
        answer(ctx -> {
          service.delete(ctx.pathParam("id"));
          return Reply.of(204, null);
        }));
    routes.get(
        "/api/businesses/{id}/contacts",
        answer(ctx -> json(200, service.contacts(ctx.pathParam("id")))));
    routes.post("/api/scraper/scrape", idempotent(this::startScrape));
    routes.get(
        "/api/scraper/status/{jobId}",
        answer(ctx -> json(200, service.scrapeStatus(ctx.pathParam("jobId")))));
    routes.post(
        "/api/scraper/{jobId}/cancel",
        idempotent(ctx -> json(200, service.cancelScrape(ctx.pathParam("jobId")))));
    routes.post(
        "/api/enrichment/batch", idempotent(ctx -> json(202, service.enrichBatch(batchIds(ctx)))));
    routes.post(
        "/api/enrichment/{id}", idempotent(ctx -> json(202, service.enrich(ctx.pathParam("id")))));
    routes.get("/api/jobs/failed", answer(ctx -> json(200, service.failedJobs())));
    routes.get("/api/jobs/{id}", answer(ctx -> json(200, service.job(ctx.pathParam("id")))));
    routes.post(
        "/api/jobs/{id}/retry", idempotent(ctx -> json(202, service.retry(ctx.pathParam("id")))));

    routes.get(EVENTS_PATH, this::serverSentEvents);
    routes.wsBeforeUpgrade(WEBSOCKET_PATH, this::beforeWebSocketUpgrade);
    routes.ws(WEBSOCKET_PATH, this::webSocket);
  }

  // ------------------------------------------------------------------ conventions

  private void before(Context ctx) {
    String requestId = ctx.header(REQUEST_ID);
    if (requestId == null || requestId.isEmpty() || requestId.length() > 200) {
      requestId = UUID.randomUUID().toString();
    }
    ctx.header(REQUEST_ID, requestId);
    if (!ctx.path().equals("/api/health")) {
      authorize(ctx.header("Authorization"));
    }
  }

  private void beforeWebSocketUpgrade(Context ctx) throws IOException {
    try {
      before(ctx);
      if (stopping) {
        throw new HttpError(503, "unavailable", "The server is stopping");
      }
    } catch (HttpError e) {
      // Javalin drops a result set before an upgrade: write the error body straight to the
      // response, which commits it (so there is no upgrade), then let Javalin see the failure.
      Reply reply = error(e);
      HttpServletResponse response = ctx.res();
      response.setStatus(reply.status());
      reply.headers().forEach(response::setHeader);
      response.setContentType(JSON_TYPE);
      byte[] body = Objects.requireNonNull(reply.json()).getBytes(StandardCharsets.UTF_8);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
      throw e;
    }
  }

  private void authorize(@Nullable String authorization) {
    String prefix = "bearer ";
    if (authorization == null
        || authorization.length() <= prefix.length()
        || !authorization.substring(0, prefix.length()).equalsIgnoreCase(prefix)
        || !authorization.substring(prefix.length()).trim().equals(token)) {
      throw new HttpError(
          401, "unauthorized", "A valid bearer token is required (Authorization: Bearer <token>)");
    }
  }

  /** A plain route: latency, injected errors, then the action. */
  private Handler answer(Function<Context, Reply> action) {
    return ctx -> write(ctx, delayed(ctx, () -> run(ctx, action)));
  }

  /** A POST or PATCH route: like {@link #answer}, replayed by {@code Idempotency-Key}. */
  private Handler idempotent(Function<Context, Reply> action) {
    return ctx ->
        write(
            ctx,
            delayed(
                ctx,
                () -> {
                  String key = ctx.header("Idempotency-Key");
                  if (key == null || key.isEmpty() || key.length() > 255) {
                    // Required by the contract, which has no 400 for some of these operations:
                    // without a usable key the request simply acts, with no replay.
                    return run(ctx, action);
                  }
                  // A digest of the body, not the body: 1000 remembered keys of large bodies
                  // would otherwise hold that much memory.
                  String fingerprint =
                      ctx.method()
                          + " "
                          + ctx.path()
                          + "\n"
                          + Idempotency.digest(ctx.bodyAsBytes());
                  return idempotency.answer(key, fingerprint, () -> run(ctx, action));
                }));
  }

  private Reply delayed(Context ctx, Supplier<Reply> action) {
    if (!latency.isZero()) {
      try {
        TimeUnit.NANOSECONDS.sleep(latency.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!ctx.path().equals("/api/health")
        && random.chance(errorRate, "error", Long.toString(requests.incrementAndGet()))) {
      return new Reply(
          503,
          Json.errorBody("injected_error", "An error injected by the demo server; try again"),
          Map.of("Retry-After", "1"));
    }
    return action.get();
  }

  private static Reply run(Context ctx, Function<Context, Reply> action) {
    try {
      return action.apply(ctx);
    } catch (HttpError e) {
      return error(e);
    }
  }

  static Reply error(HttpError e) {
    Map<String, String> headers =
        e.status() == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of();
    return new Reply(e.status(), Json.errorBody(e.code(), e.text()), headers);
  }

  private static Reply json(int status, Object body) {
    return Reply.of(status, Json.write(body));
  }

  private static void write(Context ctx, Reply reply) {
    ctx.status(reply.status());
    reply.headers().forEach(ctx::header);
    String json = reply.json();
    if (json != null) {
      ctx.contentType(JSON_TYPE);
      ctx.result(json);
    } else {
      ctx.result("");
    }
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  private static String message(HttpResponseException e, Context ctx) {
    return switch (e.getStatus()) {
      case 404 -> "No route " + ctx.method() + " " + ctx.path();
      case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
      default -> "HTTP " + e.getStatus();
    };
  }

  private Health health() {
    Instant now = clock.instant();
    return new Health(
        "ok",
        "freshet-demo",
        Duration.between(createdAt, now).toSeconds(),
        now.truncatedTo(ChronoUnit.MILLIS));
  }

  // ------------------------------------------------------------------ request parsing

  private static ListQuery listQuery(Context ctx) {
    String sort = text(ctx, "sort");
    boolean descending = false;
    if (sort != null) {
      if (!SORT.matcher(sort).matches()) {
        throw HttpError.badRequest("sort must be a property name, optionally prefixed with -");
      }
      descending = sort.startsWith("-");
      sort = descending ? sort.substring(1) : sort;
      if (!SORTABLE.contains(sort)) {
        throw HttpError.badRequest("Cannot sort by " + sort + "; sort by one of " + SORTABLE);
      }
    }
    String status = text(ctx, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw HttpError.badRequest("Unknown status " + status + "; one of " + STATUSES);
    }
    return new ListQuery(
        text(ctx, "search"),
        text(ctx, "city"),
        text(ctx, "category"),
        status == null ? null : BusinessStatus.of(status),
        bool(ctx, "hasEmail"),
        bool(ctx, "enriched"),
        sort,
        descending,
        integer(ctx, "page", 1, 1, Integer.MAX_VALUE),
        integer(ctx, "pageSize", 20, 1, 100));
  }

  private static @Nullable String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value != null && value.isEmpty()) {
      throw HttpError.badRequest(name + " must not be empty");
    }
    return value;
  }

  private static @Nullable Boolean bool(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return null;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw HttpError.badRequest(name + " must be true or false, not " + value);
    }
    return Boolean.valueOf(value);
  }

  private static int integer(Context ctx, String name, int fallback, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest(name + " must be an integer, not " + value);
    }
    if (parsed < min || parsed > max) {
      throw HttpError.badRequest(name + " must be between " + min + " and " + max);
    }
    return parsed;
  }

  private static JsonNode object(Context ctx, Set<String> allowed) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("The body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw HttpError.badRequest("The body must be a JSON object");
    }
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw HttpError.badRequest("Unknown property " + name);
      }
    }
    return body;
  }

  private static @Nullable String string(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw HttpError.badRequest(name + " must be a string");
    }
    return value.asText();
  }

  private static BusinessUpdate businessUpdate(Context ctx) {
    JsonNode body = object(ctx, UPDATE_FIELDS);
    String status = string(body, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw HttpError.badRequest("Unknown status " + status + "; one of " + STATUSES);
    }
    String name = string(body, "name");
    String category = string(body, "category");
    String address = string(body, "address");
    String city = string(body, "city");
    String phone = string(body, "phone");
    String website = string(body, "website");
    String email = string(body, "email");
    if (body.size() == 0) {
      throw HttpError.unprocessable("An update must change at least one property");
    }
    if (name != null && name.isBlank()) {
      throw HttpError.unprocessable("name must not be blank");
    }
    return new BusinessUpdate(
        name,
        category,
        address,
        city,
        phone,
        website,
        email,
        status == null ? null : BusinessStatus.of(status));
  }

  private Reply startScrape(Context ctx) {
    JsonNode body = object(ctx, SCRAPE_FIELDS);
    String city = string(body, "city");
    String category = string(body, "category");
    if (city == null || category == null) {
      throw HttpError.badRequest("city and category are required");
    }
    JsonNode limitNode = body.get("limit");
    Integer limit = null;
    if (limitNode != null) {
      if (!limitNode.isIntegralNumber() || !limitNode.canConvertToInt()) {
        throw HttpError.badRequest("limit must be a 32-bit integer");
      }
      limit = limitNode.intValue();
      if (limit < 1 || limit > 500) {
        throw HttpError.unprocessable("limit must be between 1 and 500");
      }
    }
    if (city.isBlank() || category.isBlank()) {
      throw HttpError.unprocessable("city and category must not be blank");
    }
    return json(202, service.startScrape(city, category, limit));
  }

  private static List<String> batchIds(Context ctx) {
    JsonNode body = object(ctx, Set.of("businessIds"));
    JsonNode ids = body.get("businessIds");
    if (ids == null || !ids.isArray()) {
      throw HttpError.badRequest("businessIds must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.isTextual()) {
        throw HttpError.badRequest("businessIds must be an array of strings");
      }
      list.add(id.asText());
    }
    if (list.isEmpty() || list.size() > 100) {
      throw HttpError.unprocessable("A batch holds 1 to 100 businesses, not " + list.size());
    }
    if (list.contains("")) {
      throw HttpError.unprocessable("A business id must not be empty");
    }
    if (new HashSet<>(list).size() != list.size()) {
      throw HttpError.unprocessable("A batch must not repeat a business");
    }
    return list;
  }

  // ------------------------------------------------------------------ event streams

  /**
   * {@code GET /api/events}: holds this request's thread for the stream's life, writing what the
   * client's {@link SseSink} queues. Ends when the client goes, the sink is dropped, or the server
   * stops.
   */
  private void serverSentEvents(Context ctx) throws IOException, InterruptedException {
    if (stopping) {
      throw new HttpError(503, "unavailable", "The server is stopping");
    }
    long afterId = -1;
    String lastEventId = ctx.header("Last-Event-ID");
    if (lastEventId != null) {
      try {
        afterId = Long.parseLong(lastEventId.trim());
      } catch (NumberFormatException e) {
        afterId = -1; // Not one of ours: no replay.
      }
    }
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    SseSink sink = new SseSink(sseQueueCapacity);
    try {
      // Subscribe before the first byte, so that the headers can say whether this is a resume.
      if (events.subscribe(sink, afterId)) {
        ctx.res().setHeader(Transports.SSE_RESUMED_FROM_HEADER, Long.toString(afterId));
      }
      OutputStream out = ctx.res().getOutputStream();
      out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (stopping) {
        sink.end(); // stop() may have ended every sink between the check above and subscribe.
      }
      while (true) {
        String frame = sink.next(1, TimeUnit.SECONDS);
        if (frame == null) {
          break;
        }
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        if (!sink.hasMore()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      log.debug("SSE client gone: {}", e.toString());
    } finally {
      events.unsubscribe(sink);
    }
  }

  private void webSocket(WsConfig ws) {
    ws.onConnect(ctx -> {
      String id = ctx.sessionId();
      WebSocketSink sink =
          new WebSocketSink(
              ctx.session,
              () -> {
                WebSocketSink gone = webSockets.remove(id);
                if (gone != null) {
                  events.unsubscribe(gone);
                }
              });
      webSockets.put(id, sink);
      events.subscribe(sink, -1);
      if (stopping) {
        sink.end();
      }
    });
    ws.onClose(ctx -> forget(ctx.sessionId()));
    ws.onError(ctx -> forget(ctx.sessionId()));
  }

  private void forget(String sessionId) {
    WebSocketSink sink = webSockets.remove(sessionId);
    if (sink != null) {
      events.unsubscribe(sink);
    }
  }
}
