package io.github.freshet.client.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from acting on {@code Retry-After} by itself. OkHttp repeats a request answered
 * {@code 503} with {@code Retry-After: 0} once, whatever its method (a POST could be applied
 * twice), and throws on a value too large for an {@code int}. {@link #HIDE}, a network interceptor,
 * renames the header of every 503 before OkHttp's follow-up logic sees it; {@link #RESTORE}, the
 * innermost application interceptor, gives it back its name, so that the retry policy and the
 * user's interceptors read it as sent. Stateless.
 */
public enum RetryAfterShield implements Interceptor {
  /** Renames {@code Retry-After} on 503 answers. Add with {@code addNetworkInterceptor}. */
  HIDE {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      return rename(response, RETRY_AFTER, HIDDEN);
    }
  },
  /** Restores the name. Add with {@code addInterceptor}, after every other application one. */
  RESTORE {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      return rename(response, HIDDEN, RETRY_AFTER);
    }
  };

  private static final String RETRY_AFTER = "Retry-After";
  private static final String HIDDEN = "X-Freshet-Retry-After";

  private static Response rename(Response response, String from, String to) {
    if (response.code() != 503 || response.headers().get(from) == null) {
      return response;
    }
    Response.Builder renamed = response.newBuilder().removeHeader(from);
    for (String value : response.headers().values(from)) {
      renamed.addHeader(to, value);
    }
    return renamed.build();
  }
}
