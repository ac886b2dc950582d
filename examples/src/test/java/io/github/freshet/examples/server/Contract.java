package io.github.freshet.examples.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code docs/openapi.yaml}, loaded the way the api-client's {@code OpenApiContractTest} loads it,
 * and the checks of exchanges and events against it.
 */
final class Contract {
  private static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
  static final OpenAPI API = loadSpec();
  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createFor(API).build();
  private static final SchemaValidator SCHEMAS = new SchemaValidator(API, new MessageResolver());

  private Contract() {}

  /**
   * Validates a response, and the request too when {@code requestValid} (a deliberately invalid
   * request is checked on its response alone).
   */
  static void assertExchange(
      String method,
      String pathAndQuery,
      Map<String, String> requestHeaders,
      @Nullable String requestBody,
      int status,
      Map<String, List<String>> responseHeaders,
      String responseBody,
      boolean requestValid) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    SimpleResponse.Builder response = new SimpleResponse.Builder(status);
    responseHeaders.forEach((name, values) -> {
      if (!name.startsWith(":")) {
        response.withHeader(name, values);
      }
    });
    if (!responseBody.isEmpty()) {
      response.withBody(responseBody);
    }
    ValidationReport report;
    if (requestValid) {
      SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
      if (question >= 0) {
        for (String pair : pathAndQuery.substring(question + 1).split("&", -1)) {
          int eq = pair.indexOf('=');
          request.withQueryParam(
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8),
              URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), UTF_8));
        }
      }
      requestHeaders.forEach(request::withHeader);
      if (requestBody != null) {
        request.withBody(requestBody);
      }
      report = VALIDATOR.validate(request.build(), response.build());
    } else {
      report = VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response.build());
    }
    assertNoErrors(report, method + " " + pathAndQuery + " -> " + status);
  }

  /**
   * Validates an event's envelope and payload against the schemas its {@code x-events} entry names.
   */
  static void assertEvent(String type, @Nullable String data) {
    Map<?, ?> entry = (Map<?, ?>) eventCatalogue().get(type);
    assertThat(entry).as("event type %s is in x-events", type).isNotNull();
    Map<?, ?> known = Objects.requireNonNull(entry);
    String envelope =
        "{\"type\":\"" + type + "\"" + (data == null ? "" : ",\"data\":" + data) + "}";
    assertNoErrors(
        SCHEMAS.validate(envelope, schema(String.valueOf(known.get("envelope"))), "event"),
        type + " envelope " + envelope);
    Object payload = known.get("payload");
    if (payload == null) {
      assertThat(data).as("%s carries no data", type).isNull();
    } else {
      assertThat(data).as("%s carries data", type).isNotNull();
      assertNoErrors(
          SCHEMAS.validate(Objects.requireNonNull(data), schema(String.valueOf(payload)), "event"),
          type + " payload " + data);
    }
  }

  static Map<?, ?> eventCatalogue() {
    Map<?, ?> events = (Map<?, ?>) API.getExtensions().get("x-events");
    return (Map<?, ?>) Objects.requireNonNull(Objects.requireNonNull(events).get("events"));
  }

  private static Schema<?> schema(String ref) {
    String name = ref.substring("#/components/schemas/".length());
    return Objects.requireNonNull(API.getComponents().getSchemas().get(name), name);
  }

  private static void assertNoErrors(ValidationReport report, String what) {
    assertThat(report.hasErrors())
        .as(() ->
            what
                + " does not match docs/openapi.yaml:\n"
                + SimpleValidationReportFormat.getInstance().apply(report))
        .isFalse();
  }

  private static OpenAPI loadSpec() {
    String content;
    try {
      content = Files.readString(SPEC, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SPEC.toAbsolutePath(), e);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    options.setResolveCombinators(false);
    SwaggerParseResult result = new OpenAPIParser().readContents(content, null, options);
    if (result.getMessages() != null && !result.getMessages().isEmpty()) {
      throw new IllegalStateException(SPEC + " does not parse cleanly: " + result.getMessages());
    }
    return Objects.requireNonNull(result.getOpenAPI(), "parsed spec");
  }
}
