package io.github.freshet.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Keeps credentials out of logs and exception messages. */
public final class Redaction {
  /** What replaces a redacted value. */
  public static final String REDACTED = "[redacted]";

  private static final Set<String> SENSITIVE_NAME_PARTS =
      Set.of(
          "token",
          "secret",
          "password",
          "passwd",
          "auth",
          "key",
          "signature",
          "sig",
          "session",
          "credential",
          "code");

  // "token": "…", "apiKey":"…", access_token=…, Bearer …, and JWT-shaped strings.
  private static final Pattern JSON_SECRET =
      Pattern.compile(
          "(?i)(\"[A-Za-z0-9_\\-]*(?:token|secret|password|passwd|api[_-]?key|authorization|credential)[A-Za-z0-9_\\-]*\"\\s*:\\s*)\"[^\"]*\"");
  private static final Pattern FORM_SECRET =
      Pattern.compile(
          "(?i)((?:access_|refresh_|id_)?(?:token|secret|password|api[_-]?key)=)[^&\\s\"]+");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=\\-]+");
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*");

  private Redaction() {}

  /**
   * Returns whether a query parameter's name suggests a credential.
   *
   * @param name the parameter name
   * @return {@code true} if its value must not be logged
   */
  public static boolean isSensitiveName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String part : SENSITIVE_NAME_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the URL's path and query, with the values of credential-like query parameters replaced:
   * what a log line may show.
   *
   * @param url the URL
   * @return the redacted path and query
   */
  public static String pathAndQuery(HttpUrl url) {
    StringBuilder result = new StringBuilder(url.encodedPath());
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      result.append(i == 0 ? '?' : '&').append(oneLine(name));
      if (value != null) {
        result.append('=').append(isSensitiveName(name) ? REDACTED : oneLine(value));
      }
    }
    return result.toString();
  }

  /** Control characters percent-encoded: a decoded CR or LF must not start a forged log line. */
  private static String oneLine(String text) {
    StringBuilder result = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (result == null) {
          result = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        result.append(String.format(java.util.Locale.ROOT, "%%%02X", (int) c));
      } else if (result != null) {
        result.append(c);
      }
    }
    return result == null ? text : result.toString();
  }

  /**
   * Returns a one-line excerpt of a body, at most {@code maxChars} long, with credentials redacted:
   * the given token wherever it appears, JSON string fields and form fields whose names suggest a
   * credential, bearer tokens and JWT-shaped strings.
   *
   * @param body the body bytes
   * @param maxChars the longest excerpt
   * @param token the caller's current token, or {@code null}
   * @return the excerpt
   */
  public static String excerpt(byte[] body, int maxChars, @Nullable String token) {
    // Redact the whole body before cutting it, so that a cut never exposes half a secret.
    String text = redact(new String(body, StandardCharsets.UTF_8), token);
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars) + "…";
  }

  /**
   * Returns the text with credentials redacted, as {@link #excerpt} does, without shortening it.
   *
   * @param text the text
   * @param token the caller's current token, or {@code null}
   * @return the redacted text
   */
  public static String redact(String text, @Nullable String token) {
    String result = text;
    if (token != null && !token.isEmpty()) {
      result = result.replace(token, REDACTED);
    }
    result = JSON_SECRET.matcher(result).replaceAll("$1\"" + REDACTED + "\"");
    result = FORM_SECRET.matcher(result).replaceAll("$1" + REDACTED);
    result = BEARER.matcher(result).replaceAll("$1" + REDACTED);
    return JWT.matcher(result).replaceAll(REDACTED);
  }
}
