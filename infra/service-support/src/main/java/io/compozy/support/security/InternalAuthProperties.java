package io.compozy.support.security;

import java.time.Duration;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code compozy.internal.*}: the secret service tokens are signed with (the same on the gateway
 * and every service; {@code COMPOZY_INTERNAL_SECRET}), how long a token is valid, and the clock
 * difference tolerated between machines.
 */
@ConfigurationProperties("compozy.internal")
public record InternalAuthProperties(
    @Nullable String secret,
    @DefaultValue("10s") Duration tokenLifetime,
    @DefaultValue("5s") Duration clockSkew) {

  /**
   * The signing key; a missing or short secret stops the service with one line saying what to set.
   */
  public SecretKey key() {
    return InternalKey.from(secret);
  }
}
