package io.compozy.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.validation.Invalid;
import org.openapitools.codegen.validation.ValidationResult;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;

/**
 * The document the clients are generated from passes the generator's own validation with its
 * recommendations on ({@code openapi-generator validate --recommend}): no error and no warning.
 */
class ApiDocumentTest {
  static final String DOCUMENT = "../../api/openapi.json";

  @Test
  void theDocumentHasNoValidationErrorOrWarning() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIParser().readLocation(DOCUMENT, null, options);
    assertThat(parsed.getMessages()).as("parser messages").isEmpty();
    assertThat(parsed.getOpenAPI()).isNotNull();

    RuleConfiguration rules = new RuleConfiguration();
    rules.setEnableRecommendations(true);
    ValidationResult result = new OpenApiEvaluator(rules).validate(parsed.getOpenAPI());
    assertThat(result.getErrors()).extracting(Invalid::getMessage).as("errors").isEmpty();
    assertThat(result.getWarnings())
        .extracting(Invalid::getMessage)
        .as("warnings (recommendations)")
        .isEmpty();
  }

  /**
   * A {@code "default": null} stops the Java generator ("Can't resolve default value") though the
   * validator lets it by; a {@code "default": ""} on an integer is no default either.
   */
  @Test
  void noSchemaHasANullOrEmptyDefault() throws Exception {
    String text = Files.readString(Path.of(DOCUMENT));
    assertThat(text)
        .doesNotContain("\"default\": null")
        .doesNotContain("\"default\":null")
        .doesNotContain("\"default\": \"\"")
        .doesNotContain("\"default\":\"\"");
  }
}
