package io.compozy.cli.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.compozy.cli.CliException;
import io.compozy.cli.ExitCode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code login.json} in the config directory: the URL and key {@code compozy login} stored. The
 * file holds a secret, so it is written owner-only (0600) and replaced atomically.
 */
public final class LoginStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public LoginStore(Path configDir) {
    this.file = configDir.resolve("login.json");
  }

  public Path file() {
    return file;
  }

  public Optional<Login> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<?, ?> m = JSON.readValue(file.toFile(), Map.class);
      Object url = m.get("url");
      Object key = m.get("api_key");
      if (!(url instanceof String u) || u.isBlank()) {
        throw new CliException(ExitCode.USAGE, file + " has no url: run compozy login again");
      }
      return Optional.of(new Login(u, key instanceof String k ? k : null));
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE,
          file
              + " cannot be read ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): run compozy login again");
    }
  }

  public void write(Login login) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", login.url());
    m.put("api_key", login.apiKey());
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "login", ".tmp");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), m);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** True when there was a stored login to forget. */
  public boolean delete() {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot delete " + file + ": " + e.getMessage());
    }
  }
}
