package io.compozy.gateway.auth;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * One route table of who may do what: {@code read} for GET and HEAD, {@code write} for anything
 * that changes state, {@code admin} for users, keys of others and {@code /admin}. Failures are
 * problem+json: 400 malformed header, 401 missing or bad key, 403 wrong role naming the role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  @Bean
  ApiKeys apiKeys(AuthProperties properties) {
    return new ApiKeys(properties.keySecret());
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ApiKeyStore store, ApiKeys keys, Clock clock) {
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(new ApiKeyAuthenticationManager(store, keys, clock));
    bearer.setServerAuthenticationConverter(new BearerKeyConverter());
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    bearer.setAuthenticationFailureHandler((webFilterExchange, e) -> e instanceof BearerKeyConverter.MalformedAuthorization
        ? ProblemWriter.write(webFilterExchange.getExchange(), HttpStatus.BAD_REQUEST, "malformed_authorization", "Malformed Authorization header", e.getMessage())
        : ProblemWriter.write(webFilterExchange.getExchange(), HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "the API key is unknown, revoked or expired"));

    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(ex -> ex
            .pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/api/v0/health", "/healthz", "/readyz").permitAll()
            .pathMatchers("/api/v0/hooks/**").permitAll()
            .pathMatchers("/api/v0/users/**", "/api/v0/admin/**").hasAuthority(Role.ADMIN.authority())
            .pathMatchers(HttpMethod.GET, "/api/v0/**").hasAnyAuthority(Role.READ.authority(), Role.WRITE.authority(), Role.ADMIN.authority())
            .pathMatchers(HttpMethod.HEAD, "/api/v0/**").hasAnyAuthority(Role.READ.authority(), Role.WRITE.authority(), Role.ADMIN.authority())
            .pathMatchers("/api/v0/**").hasAnyAuthority(Role.WRITE.authority(), Role.ADMIN.authority())
            .anyExchange().denyAll())
        .exceptionHandling(eh -> eh
            .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "send an API key: Authorization: Bearer <api key>"))
            .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "this needs the " + neededRole(exchange) + " role")))
        .build();
  }

  private static String neededRole(org.springframework.web.server.ServerWebExchange exchange) {
    String path = exchange.getRequest().getPath().value();
    if (path.startsWith("/api/v0/users") || path.startsWith("/api/v0/admin")) {
      return Role.ADMIN.wireName();
    }
    HttpMethod m = exchange.getRequest().getMethod();
    return m == HttpMethod.GET || m == HttpMethod.HEAD ? Role.READ.wireName() : Role.WRITE.wireName();
  }
}
