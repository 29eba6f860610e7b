package io.compozy.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code compozy.gateway.auth}: the server secret API keys are hashed with ({@code
 * COMPOZY_KEY_SECRET}, at least 32 characters; standalone mode generates and keeps one), the first
 * admin key ({@code COMPOZY_ADMIN_KEY}, or generated and printed once), how long verified keys are
 * cached, and how often {@code last_used_at} is written.
 */
@Validated
@ConfigurationProperties("compozy.gateway.auth")
public record AuthProperties(
    @NotBlank @Size(min = 32) String keySecret,
    @Nullable String adminKey,
    @Nullable String adminEmail,
    @DefaultValue Cache cache,
    @DefaultValue("30s") Duration usageFlushInterval) {
  public AuthProperties {
    adminEmail = adminEmail == null ? "admin@localhost" : adminEmail;
  }

  /**
   * Verified keys: in memory for {@code localTtl}, in Redis for {@code redisTtl}; a Redis answer
   * not there within {@code redisTimeout} is skipped (Postgres is asked), so an outage adds no
   * more.
   */
  public record Cache(
      @DefaultValue("10s") Duration localTtl,
      @DefaultValue("60s") Duration redisTtl,
      @DefaultValue("100000") long localMaxEntries,
      @DefaultValue("250ms") Duration redisTimeout) {}
}
