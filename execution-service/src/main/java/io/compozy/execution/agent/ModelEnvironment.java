package io.compozy.execution.agent;

import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.contracts.template.TemplateException;
import io.compozy.contracts.template.TemplateRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code api_key} template sees as {@code .env}: the process environment, the project's
 * {@code .env} (next to its tools entrypoint) and the configured env file, later ones winning. Keys
 * are rendered here, in the worker, so they never travel in messages or rest in Postgres.
 */
final class ModelEnvironment {
  private final TemplateRenderer templates = new TemplateRenderer();
  private final @Nullable Path envFile;

  ModelEnvironment(@Nullable String envFile) {
    this.envFile = envFile == null || envFile.isBlank() ? null : Path.of(envFile);
  }

  String render(@Nullable String template, @Nullable RuntimeSpec runtime) {
    if (template == null || !template.contains("{{")) {
      return template == null ? "" : template;
    }
    Map<String, Object> env = new HashMap<>(System.getenv());
    if (runtime != null && Path.of(runtime.entrypoint()).getParent() != null) {
      env.putAll(read(Path.of(runtime.entrypoint()).getParent().resolve(".env")));
    }
    if (envFile != null) {
      env.putAll(read(envFile));
    }
    try {
      return String.valueOf(templates.render(template, Map.of("env", env)));
    } catch (TemplateException e) {
      throw new ProviderException("api_key template: " + e.getMessage(), false);
    }
  }

  /**
   * {@code KEY=value} lines; blank lines, comments and {@code export } prefixes are allowed, quotes
   * are stripped.
   */
  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new HashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(line.substring(0, eq).strip(), value);
    }
    return out;
  }
}
