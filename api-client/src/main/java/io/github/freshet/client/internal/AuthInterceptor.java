package io.github.freshet.client.internal;

import io.github.freshet.client.TokenRefresher;
import java.io.IOException;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets {@code Authorization: Bearer <token>} from the token supplier, asked once per request; on a
 * 401 runs the refresh hook (once, for all the calls that failed with the same token) and repeats
 * the request once with the new token.
 *
 * <p>Implementation notes: a generation counter tells whether another call refreshed since this
 * request was sent; if so the request is repeated with the current token and no second refresh
 * happens. Refreshing holds a lock, so concurrent 401s wait for one refresh rather than start many;
 * if that refresh fails, the calls sent before the failure surface their 401 without trying again,
 * and a call sent after it tries once more (a provider that was down briefly is not given up on for
 * the client's life). A refresh that blocks holds the lock, and cancelling a waiting call does not
 * interrupt it.
 */
public final class AuthInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);

  private final Supplier<@Nullable String> tokenSupplier;
  private final @Nullable TokenRefresher refresher;
  private final Object refreshLock = new Object();
  private volatile long generation;
  private volatile long failures; // Failed refreshes so far; written under refreshLock.

  /**
   * Creates the interceptor.
   *
   * @param tokenSupplier supplies the current token, or {@code null} to send no credentials
   * @param refresher the hook to run on a 401, or {@code null} for none
   */
  public AuthInterceptor(
      Supplier<@Nullable String> tokenSupplier, @Nullable TokenRefresher refresher) {
    this.tokenSupplier = tokenSupplier;
    this.refresher = refresher;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    long sentGeneration = generation;
    long sentFailures = failures;
    Response response = chain.proceed(authorize(chain.request()));
    if (response.code() != 401 || refresher == null) {
      return response;
    }
    synchronized (refreshLock) {
      if (generation == sentGeneration) {
        if (failures != sentFailures) {
          return response; // A refresh failed since this was sent: do not hammer the provider.
        }
        try {
          refresher.refresh();
        } catch (RuntimeException e) {
          failures++;
          log.warn("Token refresh failed ({}); surfacing the 401", e.getClass().getName());
          return response;
        } catch (Error e) {
          response.close();
          throw e;
        }
        generation++;
      }
    }
    response.close();
    return chain.proceed(authorize(chain.request()));
  }

  private Request authorize(Request request) throws TokenUnavailable {
    String token;
    try {
      token = tokenSupplier.get();
    } catch (RuntimeException e) {
      // An IOException, so that OkHttp fails the call cleanly; ApiClient turns it into a
      // TokenUnavailableException, which is not retried. Nothing was sent.
      throw new TokenUnavailable(e);
    }
    if (token == null || token.isEmpty()) {
      return request;
    }
    return request.newBuilder().header("Authorization", "Bearer " + token).build();
  }

  /** The token supplier threw: the request was not sent. */
  public static final class TokenUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    private final RuntimeException supplierFailure;

    TokenUnavailable(RuntimeException supplierFailure) {
      // The class only: the supplier's message may quote a secret.
      super("The token supplier threw " + supplierFailure.getClass().getName(), supplierFailure);
      this.supplierFailure = supplierFailure;
    }

    /**
     * Returns what the supplier threw.
     *
     * @return the supplier's exception
     */
    public RuntimeException supplierFailure() {
      return supplierFailure;
    }
  }
}
