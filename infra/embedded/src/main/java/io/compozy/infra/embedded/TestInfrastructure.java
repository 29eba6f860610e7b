package io.compozy.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The servers integration tests share: started once per JVM on free ports in a temporary
 * directory, stopped at JVM exit. Point a Spring test at them with {@link #register}.
 */
public final class TestInfrastructure {
  private static Infrastructure shared;

  private TestInfrastructure() {}

  public static synchronized Infrastructure shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("compozy-test-infra");
        shared = Infrastructure.start(Infrastructure.Plan.ephemeral(dir));
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "compozy-test-infra-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** Adds the shared servers' addresses to a Spring test's environment. */
  public static void register(DynamicPropertyRegistry registry) {
    shared().endpoints().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }
}
