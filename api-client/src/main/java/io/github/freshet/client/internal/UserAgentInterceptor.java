package io.github.freshet.client.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets {@code User-Agent} on every request. */
public final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  /**
   * Creates the interceptor.
   *
   * @param userAgent the header value
   */
  public UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }
}
