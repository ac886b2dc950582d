package io.github.freshet.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test of this module (META-INF/services, autodetection on in
 * junit-platform.properties): fails any test during which a log line showed a test token. Every
 * token in these tests starts with {@link TestServers#SECRET_PREFIX}.
 */
public final class NoSecretsInLogsExtension implements BeforeEachCallback, AfterEachCallback {
  /** Every token in these tests starts with this, so that any leak is found. */
  public static final String SECRET_PREFIX = "sk-test-";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NoSecretsInLogsExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("start", CapturedLogs.size());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Integer start = context.getStore(NAMESPACE).get("start", Integer.class);
    assertThat(CapturedLogs.since(start == null ? 0 : start))
        .as("log lines of %s", context.getDisplayName())
        .noneMatch(line -> line.contains(SECRET_PREFIX));
  }
}
