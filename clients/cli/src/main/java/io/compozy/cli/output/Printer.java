package io.compozy.cli.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Prints a command's result in the chosen format: the API's data as JSON or YAML (its own field
 * names, so {@code -o json} pipes into jq), or the command's table.
 */
public final class Printer {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  private final OutputFormat format;
  private final PrintWriter out;

  public Printer(OutputFormat format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  public OutputFormat format() {
    return format;
  }

  /** {@code data} as JSON or YAML, or the table (or text) {@code human} makes of it. */
  public void print(@Nullable Object data, Supplier<String> human) {
    switch (format) {
      case JSON -> out.println(json(data));
      case YAML -> out.print(yaml(data));
      case TABLE -> out.print(withNewline(human.get()));
    }
    out.flush();
  }

  /** A document (a definition, an output) has no table: YAML is how people read it. */
  public void document(@Nullable Object data) {
    print(data, () -> yaml(data));
  }

  public static String json(@Nullable Object data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print as JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String yaml(@Nullable Object data) {
    try {
      return YAML.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print as YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static String withNewline(String s) {
    return s.isEmpty() || s.endsWith("\n") ? s : s + "\n";
  }
}
