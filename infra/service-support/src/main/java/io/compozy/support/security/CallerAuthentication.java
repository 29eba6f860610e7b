package io.compozy.support.security;

import java.util.List;
import java.util.Locale;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A verified service token as Spring Security's authentication: its principal is the {@link
 * Caller}.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;
  private final Caller caller;
  private final String token;

  CallerAuthentication(Caller caller, String token) {
    super(
        caller.role() == null
            ? List.of()
            : List.of(
                new SimpleGrantedAuthority("ROLE_" + caller.role().toUpperCase(Locale.ROOT))));
    this.caller = caller;
    this.token = token;
    setAuthenticated(true);
  }

  static CallerAuthentication from(Jwt jwt) {
    String subject = jwt.getSubject();
    String issuer = jwt.getClaimAsString("iss");
    var caller =
        new Caller(
            subject == null ? Caller.ANONYMOUS : subject,
            jwt.getClaimAsString(InternalTokens.KEY_ID),
            jwt.getClaimAsString(InternalTokens.ROLE),
            jwt.getClaimAsString(InternalTokens.REQUEST_ID),
            issuer == null ? "" : issuer);
    return new CallerAuthentication(caller, jwt.getTokenValue());
  }

  @Override
  public Object getCredentials() {
    return token;
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }
}
