package io.github.freshet.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.freshet.client.internal.AuthInterceptor;
import io.github.freshet.client.internal.CallTag;
import io.github.freshet.client.internal.Checks;
import io.github.freshet.client.internal.JsonErrors;
import io.github.freshet.client.internal.Redaction;
import io.github.freshet.client.internal.RequestIdInterceptor;
import io.github.freshet.client.internal.RetryAfter;
import io.github.freshet.client.internal.RetryAfterShield;
import io.github.freshet.client.internal.UserAgentInterceptor;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed JSON-over-HTTP client: sends {@link ApiRequest}s to one base URL and decodes the answers
 * into {@link ResponseType}s, with authentication, request ids, retries and typed errors. Build one
 * with {@link #builder()} and share it: it is thread-safe and holds connection pools.
 *
 * <p>Every call has a blocking form ({@link #execute}) and an asynchronous twin ({@link
 * #executeAsync}) that returns a {@link CompletableFuture}. Cancelling that future cancels the HTTP
 * call in flight (the server sees the connection close) and stops any further retry.
 *
 * <p>Threads: the future completes on an OkHttp dispatcher thread, or on the retry scheduler's
 * thread when a call fails before it reaches the network; dependent stages without an executor run
 * there too, so keep them short or use the {@code *Async} variants with your own executor. Never
 * block on another call of this client in such a stage: the dispatcher thread holds one of OkHttp's
 * per-host slots (5 by default) until the stage returns, so a few of them waiting on calls that
 * need a slot wait for ever. Compose with {@code thenCompose} instead.
 *
 * <p>Closing: {@link #close()} releases only what this client created (the OkHttp client and the
 * retry scheduler it made itself); an injected {@code OkHttpClient} or scheduler stays open.
 *
 * <p>Logging: one DEBUG line per attempt on the logger {@code io.github.freshet.client.ApiClient}:
 * method, path, status, duration, attempt and request id. The {@code Authorization} header is never
 * logged, and the values of token-like query parameters are redacted.
 */
public final class ApiClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** How much of an error body is kept as its raw text. */
  private static final int ERROR_BODY_LIMIT = 8 * 1024;

  /** How much of an error body is read to find its code and message (they may come late). */
  private static final int ERROR_PARSE_LIMIT = 64 * 1024;

  private static final int EXCERPT_CHARS = 160;

  private final HttpUrl baseUrl;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final ObjectMapper mapper;
  private final RetryPolicy retryPolicy;
  private final Retry retry;
  private final ScheduledExecutorService retryScheduler;
  private final boolean ownsRetryScheduler;
  private final Clock clock;
  private final RandomGenerator random;
  private final long maxResponseBytes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<LogicalCall<?>> liveCalls = ConcurrentHashMap.newKeySet();

  private ApiClient(Builder builder) {
    this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl is required");
    this.mapper = builder.objectMapper != null ? builder.objectMapper : defaultObjectMapper();
    this.retryPolicy = builder.retryPolicy;
    this.clock = builder.clock;
    this.random = builder.random;
    this.maxResponseBytes = builder.maxResponseBytes;

    OkHttpClient base = builder.okHttpClient;
    this.ownsHttp = base == null;
    OkHttpClient.Builder http = base != null ? base.newBuilder() : new OkHttpClient.Builder();
    // An injected client keeps its own timeouts unless the builder sets them; a client of our own
    // gets Freshet's defaults.
    Duration connect =
        builder.connectTimeout != null ? builder.connectTimeout : ownDefault(base, 10);
    Duration read = builder.readTimeout != null ? builder.readTimeout : ownDefault(base, 30);
    Duration call = builder.callTimeout != null ? builder.callTimeout : ownDefault(base, 60);
    if (connect != null) {
      http.connectTimeout(connect);
    }
    if (read != null) {
      http.readTimeout(read);
    }
    if (call != null) {
      http.callTimeout(call);
    }
    // OkHttp repeats some requests by itself. Where that is safe it stays (a stale pooled
    // connection, another route, a stream the server refused unprocessed); where it could act
    // twice or bypass the RetryPolicy it is stopped: a request that may not be retried has a
    // one-shot body (never resent once sent), and a 408 or 503 answer is never repeated.
    http.addNetworkInterceptor(RetryAfterShield.HIDE);
    // Outermost first: ids and user agent, then the user's interceptors, then auth, the innermost
    // application interceptor, so that no interceptor added here sees the Authorization header.
    // (Network interceptors of an injected OkHttpClient do see it.)
    http.addInterceptor(new RequestIdInterceptor());
    http.addInterceptor(new UserAgentInterceptor(builder.userAgent));
    builder.interceptors.forEach(http::addInterceptor);
    http.addInterceptor(new AuthInterceptor(builder.tokenSupplier, builder.tokenRefresher));
    http.addInterceptor(RetryAfterShield.RESTORE);
    this.http = http.build();

    this.ownsRetryScheduler = builder.retryScheduler == null;
    this.retryScheduler =
        builder.retryScheduler != null ? builder.retryScheduler : newRetryScheduler();
    this.retry =
        Retry.of(
            "freshet",
            RetryConfig.<Object>custom()
                .maxAttempts(retryPolicy.maxAttempts())
                .retryOnException(ApiClient::isRetryable)
                .intervalBiFunction(this::retryDelayMillis)
                .failAfterMaxAttempts(false)
                .build());
  }

  /**
   * Returns a builder for a client.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the {@code ObjectMapper} that Freshet uses when none is injected: Java time support,
   * ISO-8601 dates, unknown properties ignored, nulls left out of request bodies, and a missing
   * primitive treated as an error rather than as zero.
   *
   * @return a new mapper
   */
  public static ObjectMapper defaultObjectMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }

  /**
   * Returns the base URL that request paths are resolved against.
   *
   * @return the base URL, as given to the builder
   */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns the {@code ObjectMapper} this client encodes and decodes bodies with.
   *
   * @return the mapper; do not reconfigure it while the client is in use
   */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /**
   * Sends a request and waits for its decoded answer, retrying as the {@link RetryPolicy} allows.
   *
   * <p>Blocks the calling thread. Interrupting it cancels the call and throws {@link
   * FreshetIoException} with the interrupt flag set again.
   *
   * @param request the request
   * @param type the declared shape of the response body
   * @param <T> the decoded type
   * @return the decoded body, or {@code null} for {@link ResponseType#none()}
   * @throws FreshetServiceException if the server answered with an error status
   * @throws FreshetIoException if the call did not complete (including {@link
   *     FreshetTimeoutException})
   * @throws FreshetInvalidDataException if the body was not of the declared shape
   * @throws IllegalStateException if the client is closed
   */
  public <T extends @Nullable Object> T execute(ApiRequest request, ResponseType<T> type) {
    CompletableFuture<T> future = executeAsync(request, type);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new FreshetIoException("Interrupted while waiting for " + request.endpoint(), null, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new FreshetException("Call to " + request.endpoint() + " failed", cause);
    }
  }

  /**
   * Sends a request without blocking, retrying as the {@link RetryPolicy} allows.
   *
   * <p>The future fails with the exceptions that {@link #execute} throws. Cancelling it, or
   * completing it exceptionally in any other way (such as {@link CompletableFuture#orTimeout},
   * which makes a deadline over all attempts), cancels the HTTP call in flight and any retry not
   * yet started; cancelling a dependent stage does not.
   *
   * @param request the request
   * @param type the declared shape of the response body
   * @param <T> the decoded type
   * @return the decoded body's future
   * @throws IllegalStateException if the client is closed
   */
  public <T extends @Nullable Object> CompletableFuture<T> executeAsync(
      ApiRequest request, ResponseType<T> type) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(type, "type");
    if (closed.get()) {
      throw new IllegalStateException("ApiClient is closed");
    }
    String idempotencyKey =
        request.generatesIdempotencyKey() && request.headerValue(ApiRequest.IDEMPOTENCY_KEY) == null
            ? ApiRequest.newIdempotencyKey()
            : null;
    String explicitId = request.headerValue(RequestIdInterceptor.HEADER);
    LogicalCall<T> call =
        new LogicalCall<>(
            request,
            type,
            explicitId != null ? explicitId : UUID.randomUUID().toString(),
            idempotencyKey);
    liveCalls.add(call);
    if (closed.get()) { // close() ran between the check above and add(): it may have missed us.
      liveCalls.remove(call);
      throw new IllegalStateException("ApiClient is closed");
    }
    CompletionStage<T> outcome;
    try {
      call.prepare();
      outcome =
          request.isRetryable() && retryPolicy.maxAttempts() > 1
              ? retry.executeCompletionStage(retryScheduler, call::attempt)
              : call.attempt();
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    outcome.whenComplete((value, error) -> {
      liveCalls.remove(call);
      if (error != null) {
        call.result.completeExceptionally(unwrap(error));
      } else {
        call.result.complete(value);
      }
    });
    return call.result;
  }

  /**
   * Stops every call of this client that has not completed (its future fails with {@link
   * FreshetIoException}, its connection closes, no retry follows), then releases what this client
   * created: the OkHttp client's dispatcher threads and connections, and the retry scheduler.
   * Injected resources stay open. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (LogicalCall<?> call : liveCalls) {
      call.abandon();
    }
    liveCalls.clear();
    if (ownsRetryScheduler) {
      retryScheduler.shutdownNow();
    }
    if (ownsHttp) {
      http.dispatcher().cancelAll();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static ScheduledExecutorService newRetryScheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "freshet-retry");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  /** Freshet's default for a client of its own; none (the injected client's) otherwise. */
  private static @Nullable Duration ownDefault(@Nullable OkHttpClient injected, int seconds) {
    return injected == null ? Duration.ofSeconds(seconds) : null;
  }

  private static boolean isRetryable(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof FreshetIoException) {
      return true;
    }
    if (cause instanceof FreshetServiceException service) {
      int status = service.statusCode();
      return status == 408 || status == 429 || (status >= 500 && status <= 599);
    }
    return false;
  }

  private Long retryDelayMillis(Integer retryNumber, Either<Throwable, Object> outcome) {
    if (outcome.isLeft()
        && unwrap(outcome.getLeft()) instanceof FreshetServiceException service
        && service.response().retryAfter() != null) {
      return retryPolicy.clampRetryAfter(service.response().retryAfter()).toMillis();
    }
    return retryPolicy.backoff(retryNumber, random.nextDouble()).toMillis();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * One call of a request, across all its attempts: owns the result future, the request id and
   * idempotency key, and the OkHttp call currently in flight, so that cancelling reaches it.
   */
  private final class LogicalCall<T extends @Nullable Object> {
    final ApiRequest request;
    final ResponseType<T> type;
    final String requestId;
    final @Nullable String idempotencyKey;
    final CancellableFuture<T> result = new CancellableFuture<>(this);
    private @Nullable HttpUrl url;
    private byte @Nullable [] body;
    private int attempts;
    private @Nullable Call inFlight;
    private boolean cancelled;

    LogicalCall(
        ApiRequest request,
        ResponseType<T> type,
        String requestId,
        @Nullable String idempotencyKey) {
      this.request = request;
      this.type = type;
      this.requestId = requestId;
      this.idempotencyKey = idempotencyKey;
    }

    void prepare() {
      HttpUrl.Builder url = baseUrl.newBuilder();
      for (String segment : request.pathSegments()) {
        url.addPathSegment(segment);
      }
      for (Map.Entry<String, String> parameter : request.query()) {
        url.addQueryParameter(parameter.getKey(), parameter.getValue());
      }
      this.url = url.build();
      Object value = request.body();
      if (value != null) {
        try {
          this.body = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
          throw new FreshetException(
              "Could not encode the body of " + request.endpoint() + ": " + e.getOriginalMessage(),
              e);
        }
      } else if (request.method().hasBody()) {
        this.body = new byte[0];
      }
    }

    /**
     * Starts one attempt. Never throws: resilience4j calls this outside any try, on the retry
     * scheduler's thread, where a throw would leave the call's future incomplete forever.
     */
    CompletionStage<T> attempt() {
      try {
        return startAttempt();
      } catch (RuntimeException | Error e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private CompletionStage<T> startAttempt() {
      Call call;
      int attempt;
      synchronized (this) {
        if (cancelled) {
          return CompletableFuture.failedFuture(new CancellationException("Call cancelled"));
        }
        attempt = ++attempts;
        call = http.newCall(newRequest(attempt));
        inFlight = call;
      }
      CompletableFuture<T> outcome = new CompletableFuture<>();
      long startNanos = System.nanoTime();
      call.enqueue(
          new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
              logAttempt(attempt, "failed (" + e.getClass().getSimpleName() + ")", startNanos);
              outcome.completeExceptionally(ioFailure(e));
            }

            @Override
            public void onResponse(Call completed, Response response) {
              logAttempt(attempt, String.valueOf(response.code()), startNanos);
              try (response) {
                outcome.complete(handle(response));
              } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
              } catch (IOException e) {
                outcome.completeExceptionally(ioFailure(e));
              } catch (Error e) {
                // OkHttp calls no onFailure after onResponse: without this, the future would hang.
                outcome.completeExceptionally(e);
                throw e;
              }
            }
          });
      return outcome;
    }

    private Request newRequest(int attempt) {
      Request.Builder builder = new Request.Builder().url(Objects.requireNonNull(url));
      request.headers().forEach(builder::header);
      builder.header("Accept", "application/json");
      byte[] content = body;
      RequestBody requestBody = null;
      if (content != null) {
        RequestBody bytes = RequestBody.create(content, JSON);
        // Not retryable (a POST without an Idempotency-Key): OkHttp must not resend it once any
        // of it was sent, since the server may have acted. Before that, resending is safe.
        requestBody = request.isRetryable() ? bytes : new OneShotBody(bytes);
      }
      builder.method(request.method().name(), requestBody);
      builder.tag(CallTag.class, new CallTag(requestId, idempotencyKey, attempt));
      return builder.build();
    }

    private void logAttempt(int attempt, String outcome, long startNanos) {
      if (log.isDebugEnabled()) {
        log.debug(
            "{} {} -> {} in {} ms (attempt {}, request id {})",
            request.method(),
            Redaction.pathAndQuery(Objects.requireNonNull(url)),
            outcome,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
            attempt,
            requestId);
      }
    }

    /** The failure for an I/O error: a cancellation if the caller cancelled, else ours. */
    private RuntimeException ioFailure(IOException e) {
      synchronized (this) {
        if (cancelled) {
          CancellationException cancellation = new CancellationException("Call cancelled");
          cancellation.initCause(e);
          return cancellation;
        }
      }
      if (e instanceof AuthInterceptor.TokenUnavailable unavailable) {
        return new TokenUnavailableException(
            request.endpoint()
                + " was not sent: the token supplier threw "
                + unavailable.supplierFailure().getClass().getName(),
            requestId,
            unavailable.supplierFailure());
      }
      String message = request.endpoint() + " failed: " + e;
      if (e instanceof InterruptedIOException) {
        return new FreshetTimeoutException(message, requestId, e);
      }
      return new FreshetIoException(message, requestId, e);
    }

    private T handle(Response response) throws IOException {
      // The token this attempt really sent (the supplier may have moved on since): never repeat
      // it in an exception message.
      String sentToken = bearerToken(response.request());
      if (!response.isSuccessful()) {
        byte[] errorBytes = readBody(response.body(), ERROR_PARSE_LIMIT, true);
        throw FreshetServiceException.of(
            new ErrorResponse(
                response.code(),
                response.headers().toMultimap(),
                parseError(errorBytes, sentToken),
                request.endpoint(),
                requestId,
                RetryAfter.parse(response.header("Retry-After"), clock)));
      }
      if (type.isNone()) {
        return nullValue();
      }
      byte[] bytes = readBody(response.body(), maxResponseBytes, false);
      if (bytes.length == 0) {
        throw invalid(null, "empty body", bytes, sentToken);
      }
      try {
        JavaType javaType = mapper.getTypeFactory().constructType(type.type());
        T value = mapper.readValue(bytes, javaType);
        if (value == null) {
          throw invalid(null, "body is JSON null", bytes, sentToken);
        }
        return value;
      } catch (JsonProcessingException e) {
        // Jackson's own exception is not attached as the cause: its message quotes the
        // offending value, unredacted.
        throw invalid(
            JsonErrors.fieldPath(e),
            Redaction.redact(JsonErrors.reason(e), sentToken),
            bytes,
            sentToken);
      }
    }

    // Only for ResponseType.none(), whose T is Void: null is its one value.
    @SuppressWarnings({"unchecked", "NullAway"})
    private T nullValue() {
      return (T) null;
    }

    private byte[] readBody(ResponseBody body, long limit, boolean truncate) throws IOException {
      long declared = body.contentLength();
      if (!truncate && declared > limit) {
        throw tooLarge(limit);
      }
      try (InputStream in = body.byteStream()) {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
          if (!truncate) {
            throw tooLarge(limit);
          }
          byte[] cut = new byte[(int) limit];
          System.arraycopy(bytes, 0, cut, 0, cut.length);
          return cut;
        }
        return bytes;
      }
    }

    private FreshetInvalidDataException tooLarge(long limit) {
      return new FreshetInvalidDataException(
          request.endpoint(),
          null,
          "body exceeds the client's limit of " + limit + " bytes",
          "",
          requestId,
          null);
    }

    private FreshetInvalidDataException invalid(
        @Nullable String field, String reason, byte[] bytes, @Nullable String sentToken) {
      return new FreshetInvalidDataException(
          request.endpoint(),
          field,
          reason,
          Redaction.excerpt(bytes, EXCERPT_CHARS, sentToken),
          requestId,
          null);
    }

    private @Nullable String bearerToken(Request sent) {
      String authorization = sent.header("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return null;
      }
      return authorization.substring(7);
    }

    /** Parses an error body; a server that echoes our token back gets it redacted. */
    private ApiError parseError(byte[] bytes, @Nullable String sentToken) {
      String raw =
          redactToken(
              new String(
                  bytes, 0, Math.min(bytes.length, ERROR_BODY_LIMIT), StandardCharsets.UTF_8),
              sentToken);
      try {
        JsonNode root = mapper.readTree(bytes);
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
          return new ApiError(
              redactToken(text(error.get("code")), sentToken),
              redactToken(text(error.get("message")), sentToken),
              raw);
        }
        if (error != null && error.isTextual()) {
          return new ApiError(null, redactToken(error.asText(), sentToken), raw);
        }
      } catch (IOException e) {
        // Not JSON (an HTML page from a proxy, say): keep the raw text.
      }
      return new ApiError(null, null, raw);
    }

    @SuppressWarnings("NullAway") // Returns null exactly when given null.
    private String redactToken(@Nullable String text, @Nullable String token) {
      if (text == null || token == null || token.isEmpty()) {
        return text;
      }
      return text.replace(token, Redaction.REDACTED);
    }

    private @Nullable String text(@Nullable JsonNode node) {
      return node == null || node.isNull() ? null : node.asText();
    }

    /** Fails the call's future because the client closed, and stops the call. */
    void abandon() {
      result.completeExceptionally(
          new FreshetIoException(
              "ApiClient closed before " + request.endpoint() + " completed", requestId, null));
    }

    void cancel() {
      Call call;
      synchronized (this) {
        cancelled = true;
        call = inFlight;
      }
      if (call != null) {
        call.cancel();
      }
    }
  }

  /** The future of one logical call; cancelling it, or failing it from outside, stops the call. */
  private static final class CancellableFuture<T extends @Nullable Object>
      extends CompletableFuture<T> {
    private final LogicalCall<T> call;

    CancellableFuture(LogicalCall<T> call) {
      this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        call.cancel();
      }
      return cancelled;
    }

    // orTimeout and users complete the future this way: the call must stop then too. When the
    // call itself failed, stopping it again does nothing.
    @Override
    public boolean completeExceptionally(Throwable error) {
      boolean completed = super.completeExceptionally(error);
      if (completed) {
        call.cancel();
      }
      return completed;
    }
  }

  /** Builds an {@link ApiClient}; every setter validates its argument at once. */
  public static final class Builder {
    private @Nullable HttpUrl baseUrl;
    private Supplier<@Nullable String> tokenSupplier = () -> null;
    private @Nullable TokenRefresher tokenRefresher;
    private String userAgent = "freshet-java/0.1.0";
    private @Nullable Duration connectTimeout; // Null: the injected client's, or the default.
    private @Nullable Duration readTimeout;
    private @Nullable Duration callTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private @Nullable ObjectMapper objectMapper;
    private @Nullable OkHttpClient okHttpClient;
    private long maxResponseBytes = 10L * 1024 * 1024;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private @Nullable ScheduledExecutorService retryScheduler;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

    private Builder() {}

    /**
     * Sets the URL that request paths are resolved against, such as {@code
     * https://leads.example.com}. Required.
     *
     * @param baseUrl an http or https URL; a path in it prefixes every request's path
     * @return this builder
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl parsed = HttpUrl.parse(baseUrl);
      if (parsed == null) {
        throw new IllegalArgumentException("Not an http or https URL: " + baseUrl);
      }
      if (parsed.querySize() > 0 || parsed.fragment() != null) {
        throw new IllegalArgumentException("baseUrl must not have a query or fragment: " + baseUrl);
      }
      this.baseUrl = parsed;
      return this;
    }

    /**
     * Sets a fixed bearer token.
     *
     * @param token the token, sent as {@code Authorization: Bearer <token>}
     * @return this builder
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      return tokenSupplier(() -> token);
    }

    /**
     * Sets where bearer tokens come from: the supplier is asked once per request attempt, so a
     * rotated token takes effect at once. A {@code null} or empty token sends no {@code
     * Authorization} header.
     *
     * @param tokenSupplier the token source; must be thread-safe and should not block for long
     * @return this builder
     */
    public Builder tokenSupplier(Supplier<@Nullable String> tokenSupplier) {
      this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
      return this;
    }

    /**
     * Sets the hook that runs once when the server rejects a token with 401, before the request is
     * repeated once with the token supplier's new token. None by default.
     *
     * @param tokenRefresher the hook
     * @return this builder
     */
    public Builder tokenRefresher(TokenRefresher tokenRefresher) {
      this.tokenRefresher = Objects.requireNonNull(tokenRefresher, "tokenRefresher");
      return this;
    }

    /**
     * Sets the {@code User-Agent} header. Default {@code freshet-java/<version>}.
     *
     * @param userAgent the value
     * @return this builder
     * @throws IllegalArgumentException if it is blank or holds a line break
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank() || userAgent.indexOf('\n') >= 0 || userAgent.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("Invalid user agent: '" + userAgent + "'");
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Sets the connect timeout of each attempt. Default 10 s, or an injected {@link
     * #okHttpClient}'s own; zero means none.
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.nonNegative(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the read timeout: the longest silence while reading a response. Default 30 s, or an
     * injected {@link #okHttpClient}'s own; zero means none.
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Checks.nonNegative(timeout, "readTimeout");
      return this;
    }

    /**
     * Sets the call timeout: the longest one attempt may take, from connecting to reading the whole
     * body. Default 60 s, or an injected {@link #okHttpClient}'s own; zero means none. Retries get
     * a fresh timeout each.
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Checks.nonNegative(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets the retry policy. Default {@link RetryPolicy#ofDefaults()}.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#none()} disables retries
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the {@code ObjectMapper} for request and response bodies, replacing {@link
     * #defaultObjectMapper()}. It must handle {@code java.time} types (register {@code
     * JavaTimeModule}); Freshet's models ignore unknown properties whatever its settings.
     *
     * @param objectMapper the mapper, shared, not copied
     * @return this builder
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      return this;
    }

    /**
     * Sets an {@code OkHttpClient} to derive this client's from, sharing its connection pool,
     * dispatcher and settings (its timeouts too, unless set here); Freshet adds its interceptors to
     * the derived client only. OkHttp's own recovery stays where it is safe (a stale pooled
     * connection, another route); a request that may not be retried is never resent once sent, and
     * a 408 or 503 is never repeated behind the {@link RetryPolicy}. {@link ApiClient#close()}
     * leaves the given client open.
     *
     * @param okHttpClient the client to share
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * Adds an OkHttp application interceptor. Interceptors run in the order added, after Freshet's
     * request id and user agent and before authentication, so they never see the {@code
     * Authorization} header.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder addInterceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Sets the largest response body the client reads; a larger one fails with {@link
     * FreshetInvalidDataException}. Default 10 MiB.
     *
     * @param maxResponseBytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1 || maxResponseBytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("maxResponseBytes out of range: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Sets the scheduler that runs delayed retries. By default the client creates a one-thread
     * daemon scheduler and shuts it down on close; an injected one stays open. Tests inject a
     * scheduler that records delays instead of waiting.
     *
     * @param retryScheduler the scheduler
     * @return this builder
     */
    public Builder retryScheduler(ScheduledExecutorService retryScheduler) {
      this.retryScheduler = Objects.requireNonNull(retryScheduler, "retryScheduler");
      return this;
    }

    /**
     * Sets the clock that HTTP dates in {@code Retry-After} are measured against. Default UTC
     * system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the random source of retry jitter. Default: {@link ThreadLocalRandom}.
     *
     * @param random the source; must be thread-safe if the client is shared
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws NullPointerException if no base URL was set
     */
    public ApiClient build() {
      return new ApiClient(this);
    }
  }

  /** A body OkHttp may send once only: it then never resends it after a failure mid-exchange. */
  private static final class OneShotBody extends RequestBody {
    private final RequestBody delegate;

    OneShotBody(RequestBody delegate) {
      this.delegate = delegate;
    }

    @Override
    public okhttp3.@Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return delegate.contentLength();
    }

    @Override
    public void writeTo(okio.BufferedSink sink) throws IOException {
      delegate.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
