package io.compozy.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.SecretKey;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs service tokens: a compact HS256 JWS of a {@link Caller}, valid for a few seconds. The
 * gateway signs one per proxied request; a service that calls another signs its own.
 */
public final class InternalTokens {
  /** The audience every service token names. */
  public static final String AUDIENCE = "compozy-services";

  static final String ROLE = "role";
  static final String KEY_ID = "key_id";
  static final String REQUEST_ID = "request_id";
  private static final JwsHeader HEADER = JwsHeader.with(MacAlgorithm.HS256).build();

  private final JwtEncoder encoder;
  private final Duration lifetime;
  private final Clock clock;

  public InternalTokens(SecretKey key, Duration lifetime, Clock clock) {
    this.encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public static InternalTokens from(InternalAuthProperties properties, Clock clock) {
    return new InternalTokens(properties.key(), properties.tokenLifetime(), clock);
  }

  /** Tokens signed under {@code secret}, valid for {@code lifetime} by the system clock. */
  public static InternalTokens of(String secret, Duration lifetime) {
    return of(secret, lifetime, Clock.systemUTC());
  }

  public static InternalTokens of(String secret, Duration lifetime, Clock clock) {
    return new InternalTokens(InternalKey.from(secret), lifetime, clock);
  }

  /** The token for a call made for {@code caller}, to send as {@code Authorization: Bearer}. */
  public String sign(Caller caller) {
    Instant now = clock.instant();
    JwtClaimsSet.Builder claims =
        JwtClaimsSet.builder()
            .issuer(caller.issuer())
            .subject(caller.userId())
            .audience(List.of(AUDIENCE))
            .issuedAt(now)
            .expiresAt(now.plus(lifetime));
    if (caller.keyId() != null) {
      claims.claim(KEY_ID, caller.keyId());
    }
    if (caller.role() != null) {
      claims.claim(ROLE, caller.role());
    }
    if (caller.requestId() != null) {
      claims.claim(REQUEST_ID, caller.requestId());
    }
    return encoder.encode(JwtEncoderParameters.from(HEADER, claims.build())).getTokenValue();
  }

  /** {@code Bearer <token>}, the header value. */
  public String bearer(Caller caller) {
    return "Bearer " + sign(caller);
  }
}
