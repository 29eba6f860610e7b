package io.compozy.support.problem;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which dependency an unexpected error says is down or too slow: Postgres, Redis or Kafka, by the
 * packages of the errors in its cause chain (their drivers' connection, timeout and resource
 * errors, and Spring's translations of them). Such a failure is a 503 the client may retry, not a
 * 500. Bounded: a cause chain is walked at most 20 deep.
 */
public final class DependencyFailures {
  private DependencyFailures() {}

  /**
   * Errors that mean "not reachable or too slow", by class name: the R2DBC and Kafka drivers are
   * optional here (the gateway has no Kafka), so their classes are not referenced.
   */
  private static final Set<String> UNAVAILABLE =
      Set.of(
          "java.util.concurrent.TimeoutException",
          "java.net.ConnectException",
          // a connection reset under a command in flight (Redis stopped mid-command: Lettuce hands
          // the
          // transport's own error on, with no cause naming Redis; found by the cluster fault test)
          "java.net.SocketException",
          "io.netty.channel.unix.Errors$NativeIoException",
          "java.nio.channels.ClosedChannelException",
          "org.springframework.dao.DataAccessResourceFailureException",
          "org.springframework.dao.TransientDataAccessException",
          "org.springframework.transaction.CannotCreateTransactionException",
          "io.r2dbc.spi.R2dbcTransientResourceException",
          "io.r2dbc.spi.R2dbcNonTransientResourceException",
          "io.r2dbc.spi.R2dbcTimeoutException",
          "io.lettuce.core.RedisConnectionException",
          "io.lettuce.core.RedisCommandTimeoutException",
          "org.apache.kafka.common.errors.RetriableException");

  /**
   * {@code postgres}, {@code redis} or {@code kafka} (or {@code a dependency}), or null when the
   * error is not a dependency's.
   */
  public static @Nullable String of(Throwable error) {
    return dependencyOf(error);
  }

  static @Nullable String dependencyOf(Throwable error) {
    boolean unavailable = false;
    String dependency = null;
    Throwable t = error;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      unavailable |= isOneOf(t.getClass());
      String name = t.getClass().getName();
      // a listener's wrapper says where the failure surfaced, not what failed
      if (dependency == null && !name.startsWith("org.springframework.kafka.listener.")) {
        dependency =
            name.startsWith("io.r2dbc")
                    || name.startsWith("org.springframework.r2dbc")
                    || name.startsWith("org.postgresql")
                ? "postgres"
                : name.startsWith("io.lettuce") || name.startsWith("org.springframework.data.redis")
                    ? "redis"
                    : name.startsWith("org.apache.kafka")
                            || name.startsWith("org.springframework.kafka")
                        ? "kafka"
                        : null;
      }
    }
    return unavailable ? (dependency == null ? "a dependency" : dependency) : null;
  }

  private static boolean isOneOf(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (UNAVAILABLE.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
