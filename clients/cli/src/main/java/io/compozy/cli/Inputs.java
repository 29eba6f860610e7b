package io.compozy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A JSON (or YAML) value given on the command line: inline, {@code @file}, or {@code -} for stdin.
 */
public final class Inputs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long MAX_BYTES = 16L * 1024 * 1024;

  private Inputs() {}

  public static @Nullable Object value(@Nullable String given, String option, Session session) {
    if (given == null) {
      return null;
    }
    String text;
    String where = option;
    if (given.equals("-")) {
      text = session.in().lines().collect(Collectors.joining("\n"));
      where = option + " (stdin)";
    } else if (given.startsWith("@")) {
      Path file = Path.of(given.substring(1));
      where = option + " " + file;
      try {
        if (Files.size(file) > MAX_BYTES) {
          throw new CliException(ExitCode.USAGE, where + " is larger than 16 MiB");
        }
        text = Files.readString(file);
      } catch (IOException e) {
        throw new CliException(
            ExitCode.USAGE, "cannot read " + file + " for " + option + ": " + e.getMessage());
      }
    } else {
      text = given;
    }
    try {
      // YAML is a superset of JSON: {"a": 1} and a: 1 both read
      return YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new CliException(
          ExitCode.USAGE, where + " is not JSON or YAML: " + e.getOriginalMessage());
    }
  }
}
