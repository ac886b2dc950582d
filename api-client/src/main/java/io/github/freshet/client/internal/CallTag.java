package io.github.freshet.client.internal;

import org.jspecify.annotations.Nullable;

/**
 * What Freshet's interceptors need to know about the logical call an OkHttp request belongs to;
 * attached to every request as its tag.
 *
 * @param requestId the {@code X-Request-Id}, the same for every attempt of one call
 * @param idempotencyKey the generated {@code Idempotency-Key}, or {@code null}
 * @param attempt the attempt's number, 1 for the first
 */
public record CallTag(String requestId, @Nullable String idempotencyKey, int attempt) {}
