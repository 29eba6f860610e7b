package io.compozy.gateway.auth;

import io.compozy.gateway.web.CorsProperties;
import io.compozy.gateway.web.Problems;
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
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;

/**
 * One route table of who may do what: {@code read} for GET and HEAD, {@code write} for anything
 * that changes state, {@code admin} for users, keys of others and {@code /admin}; one's own keys
 * for anyone with a key. Failures are problem+json: 400 malformed header, 401 missing or bad key,
 * 403 wrong role naming the role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  static final String[] PUBLIC = {
      "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
      "/api/v0/health", "/healthz", "/readyz", "/livez",
      "/openapi.json", "/docs", "/docs/**", "/swagger-ui/**", "/webjars/**", "/v3/api-docs", "/v3/api-docs/swagger-config",
      "/api/v0/hooks/**"};

  @Bean
  ApiKeys apiKeys(AuthProperties properties) {
    return new ApiKeys(properties.keySecret());
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, KeyCache cache, ApiKeys keys, KeyUsage usage,
      CorsProperties cors, Clock clock) {
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(new ApiKeyAuthenticationManager(cache, keys, usage, clock));
    bearer.setServerAuthenticationConverter(new BearerKeyConverter());
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    bearer.setAuthenticationFailureHandler((webFilterExchange, e) -> e instanceof BearerKeyConverter.MalformedAuthorization
        ? Problems.write(webFilterExchange.getExchange(), HttpStatus.BAD_REQUEST, "malformed_authorization", "Malformed Authorization header", e.getMessage())
        : Problems.write(webFilterExchange.getExchange(), HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "the API key is unknown, revoked or expired"));

    String read = Role.READ.authority();
    String write = Role.WRITE.authority();
    String admin = Role.ADMIN.authority();
    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .cors(c -> c.configurationSource(cors.source()))
        .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(ex -> ex
            .pathMatchers(PUBLIC).permitAll()
            .pathMatchers("/api/v0/users", "/api/v0/users/**", "/api/v0/admin/**").hasAuthority(admin)
            .pathMatchers("/api/v0/auth/**").hasAnyAuthority(read, write, admin)
            .pathMatchers(HttpMethod.GET, "/api/v0/**").hasAnyAuthority(read, write, admin)
            .pathMatchers(HttpMethod.HEAD, "/api/v0/**").hasAnyAuthority(read, write, admin)
            .pathMatchers("/api/v0/**").hasAnyAuthority(write, admin)
            .anyExchange().denyAll())
        .exceptionHandling(eh -> eh
            .authenticationEntryPoint((exchange, e) -> Problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "send an API key: Authorization: Bearer <api key>"))
            .accessDeniedHandler((exchange, e) -> Problems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                neededRole(exchange) == null ? "this path is not served" : "this needs the " + neededRole(exchange) + " role")))
        .build();
  }

  private static @org.jspecify.annotations.Nullable String neededRole(ServerWebExchange exchange) {
    String path = exchange.getRequest().getPath().value();
    if (!path.startsWith("/api/v0/")) {
      return null;
    }
    if (path.startsWith("/api/v0/users") || path.startsWith("/api/v0/admin")) {
      return Role.ADMIN.wireName();
    }
    HttpMethod m = exchange.getRequest().getMethod();
    return m == HttpMethod.GET || m == HttpMethod.HEAD ? Role.READ.wireName() : Role.WRITE.wireName();
  }
}
