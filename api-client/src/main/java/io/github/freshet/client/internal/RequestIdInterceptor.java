package io.github.freshet.client.internal;

import java.io.IOException;
import java.util.UUID;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sets {@code X-Request-Id} (and a generated {@code Idempotency-Key}) from the request's {@link
 * CallTag}, so that every attempt of one logical call carries the same values. A request without a
 * tag gets a fresh request id; an explicit header is never replaced.
 */
public final class RequestIdInterceptor implements Interceptor {
  /** The request id header. */
  public static final String HEADER = "X-Request-Id";

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CallTag tag = request.tag(CallTag.class);
    Request.Builder builder = request.newBuilder();
    if (request.header(HEADER) == null) {
      builder.header(HEADER, tag != null ? tag.requestId() : UUID.randomUUID().toString());
    }
    if (tag != null && tag.idempotencyKey() != null && request.header("Idempotency-Key") == null) {
      builder.header("Idempotency-Key", tag.idempotencyKey());
    }
    return chain.proceed(builder.build());
  }
}
