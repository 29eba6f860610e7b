package io.compozy.infra.embedded;

import io.compozy.support.security.Caller;
import io.compozy.support.security.InternalTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The servers integration tests share: started once per JVM on free ports in a temporary directory,
 * stopped at JVM exit. Point a Spring test at them with {@link #register}.
 */
public final class TestInfrastructure {
  /** The secret the services of a test sign and verify their service tokens with. */
  public static final String INTERNAL_SECRET = "test-internal-secret-test-internal-secret";

  private static final InternalTokens TOKENS =
      InternalTokens.of(INTERNAL_SECRET, Duration.ofHours(1));
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

  /**
   * {@code Bearer <token>} for a test that calls a service directly, as the gateway would for
   * {@code userId}: signed with {@link #INTERNAL_SECRET}, valid for an hour.
   */
  public static String bearer(String userId) {
    return "Bearer " + TOKENS.sign(new Caller(userId, "key_test", "admin", null, "gateway"));
  }

  /** Adds the shared servers' addresses and the internal secret to a Spring test's environment. */
  public static void register(DynamicPropertyRegistry registry) {
    shared().endpoints().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("compozy.internal.secret", () -> INTERNAL_SECRET);
  }
}
