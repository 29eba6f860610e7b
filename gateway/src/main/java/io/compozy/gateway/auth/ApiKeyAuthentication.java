package io.compozy.gateway.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An API key before verification (credentials only) or after (principal and role). */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;
  private final transient @Nullable String key;
  private final transient @Nullable ApiKeyPrincipal principal;

  private ApiKeyAuthentication(@Nullable String key, @Nullable ApiKeyPrincipal principal) {
    super(
        principal == null
            ? List.of()
            : List.of(new SimpleGrantedAuthority(principal.role().authority())));
    this.key = key;
    this.principal = principal;
    setAuthenticated(principal != null);
  }

  static ApiKeyAuthentication unverified(String key) {
    return new ApiKeyAuthentication(key, null);
  }

  static ApiKeyAuthentication verified(ApiKeyPrincipal principal) {
    return new ApiKeyAuthentication(null, principal);
  }

  @Override
  public @Nullable Object getCredentials() {
    return key;
  }

  @Override
  public @Nullable Object getPrincipal() {
    return principal;
  }
}
