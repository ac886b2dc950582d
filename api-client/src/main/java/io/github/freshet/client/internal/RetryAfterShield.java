package io.github.freshet.client.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from repeating a 408 or a 503 by itself, behind the retry policy's back. OkHttp
 * repeats a {@code 503} with {@code Retry-After: 0} once, whatever the method (a POST could be
 * applied twice), and throws on a value too large for an {@code int}; it repeats a {@code 408}
 * unless its {@code Retry-After} is positive. {@link #HIDE}, a network interceptor, moves the
 * header of those answers aside before OkHttp's follow-up logic sees it (and gives a 408 a {@code
 * Retry-After: 1}, so that OkHttp leaves it alone); {@link #RESTORE}, the innermost application
 * interceptor, puts back what the server sent, so that the retry policy and the user's interceptors
 * read it as sent. Stateless.
 */
public enum RetryAfterShield implements Interceptor {
  /**
   * Moves {@code Retry-After} aside on 408 and 503 answers. Add with {@code addNetworkInterceptor}.
   */
  HIDE {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      if (!isShielded(response.code())) {
        return response;
      }
      Response.Builder hidden = response.newBuilder().removeHeader(RETRY_AFTER);
      for (String value : response.headers().values(RETRY_AFTER)) {
        hidden.addHeader(HIDDEN, value);
      }
      if (response.code() == 408) {
        hidden.header(RETRY_AFTER, "1"); // OkHttp repeats a 408 only without a positive one.
      }
      return hidden.header(SHIELDED, "1").build();
    }
  },
  /** Puts it back. Add with {@code addInterceptor}, after every other application one. */
  RESTORE {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      if (response.header(SHIELDED) == null) {
        return response;
      }
      Response.Builder restored =
          response
              .newBuilder()
              .removeHeader(SHIELDED)
              .removeHeader(RETRY_AFTER)
              .removeHeader(HIDDEN);
      for (String value : response.headers().values(HIDDEN)) {
        restored.addHeader(RETRY_AFTER, value);
      }
      return restored.build();
    }
  };

  private static final String RETRY_AFTER = "Retry-After";
  private static final String HIDDEN = "X-Freshet-Retry-After";
  private static final String SHIELDED = "X-Freshet-Shielded";

  private static boolean isShielded(int code) {
    return code == 408 || code == 503;
  }
}
