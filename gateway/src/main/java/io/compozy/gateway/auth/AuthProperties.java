package io.compozy.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code compozy.gateway.auth}: the server secret API keys are hashed with ({@code
 * COMPOZY_KEY_SECRET}, at least 32 characters; standalone mode generates and keeps one) and the
 * first admin key ({@code COMPOZY_ADMIN_KEY}, or generated and printed once).
 */
@Validated
@ConfigurationProperties("compozy.gateway.auth")
public record AuthProperties(@NotBlank @Size(min = 32) String keySecret, @Nullable String adminKey, @Nullable String adminEmail) {
  public AuthProperties {
    adminEmail = adminEmail == null ? "admin@localhost" : adminEmail;
  }
}
