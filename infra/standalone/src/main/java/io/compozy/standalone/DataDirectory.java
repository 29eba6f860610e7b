package io.compozy.standalone;

import io.compozy.infra.embedded.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The standalone data directory ({@code ./.compozy}): the servers' data, the server secret API keys
 * are hashed with, the ports the embedded servers got on first start (kept, so a restart finds
 * Kafka where it was), and the bundled example project.
 */
public final class DataDirectory {
  private final Path root;

  public DataDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /**
   * The server secret API keys are hashed with, generated on first start and kept private to the
   * owner.
   */
  public String secret() {
    return secret("secret");
  }

  /** The secret the gateway and the services sign and verify service tokens with. */
  public String internalSecret() {
    return secret("internal-secret");
  }

  private String secret(String name) {
    Path file = root.resolve(name);
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        restrict(file);
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /**
   * Ports for Kafka, its controller, Postgres and Redis: chosen once, then reused. The well-known
   * ones (9092, 9093, 5432, 6379) when they are free at first start, so Kafka's own tools and psql
   * reach the embedded servers with their defaults; any free port otherwise.
   */
  public int[] infraPorts() {
    Path file = root.resolve("ports.properties");
    Properties p = new Properties();
    try {
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          p.load(in);
        }
      } else {
        p.setProperty("kafka", Integer.toString(Ports.wellKnownOrFree(9092)));
        p.setProperty("kafka.controller", Integer.toString(Ports.wellKnownOrFree(9093)));
        p.setProperty("postgres", Integer.toString(Ports.wellKnownOrFree(5432)));
        p.setProperty("redis", Integer.toString(Ports.wellKnownOrFree(6379)));
        try (OutputStream out = Files.newOutputStream(file)) {
          p.store(out, "ports of the embedded servers, chosen at first start");
        }
      }
      return new int[] {
        Integer.parseInt(p.getProperty("kafka")),
            Integer.parseInt(p.getProperty("kafka.controller")),
        Integer.parseInt(p.getProperty("postgres")), Integer.parseInt(p.getProperty("redis"))
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /**
   * The bundled hello project, copied out of the jar on first use so Node.js can import its tools.
   */
  public Path bundledExample() {
    Path target = root.resolve("project").resolve("hello");
    try {
      Resource[] files =
          new PathMatchingResourcePatternResolver().getResources("classpath*:examples/hello/**");
      for (Resource r : files) {
        if (!r.isReadable()) {
          continue;
        }
        String url = r.getURL().toString();
        String relative =
            url.substring(url.lastIndexOf("examples/hello/") + "examples/hello/".length());
        Path dest = target.resolve(relative).normalize();
        if (!dest.startsWith(target) || Files.exists(dest)) {
          continue;
        }
        Files.createDirectories(dest.getParent());
        try (InputStream in = r.getInputStream()) {
          Files.copy(in, dest);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled example into " + target, e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the directory's permissions
    }
  }
}
