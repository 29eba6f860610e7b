package io.compozy.support.security;

import io.compozy.support.problem.ApiProblem;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * Every service (not the gateway, which sets {@code compozy.internal.verify=false} and has its own
 * chain) answers only calls carrying a valid service token: signed with the internal secret, for
 * the services' audience, not expired; anything else is a 401 problem. Actuator health and
 * Prometheus stay open: deployments keep them on the internal network.
 */
@AutoConfiguration(
    beforeName = {
      // each backs off when it finds what this declares (a token decoder, a filter chain)
      "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.reactive"
          + ".ReactiveManagementWebSecurityAutoConfiguration"
    })
@EnableWebFluxSecurity
@EnableConfigurationProperties(InternalAuthProperties.class)
@ConditionalOnProperty(
    name = "compozy.internal.verify",
    havingValue = "true",
    matchIfMissing = true)
public class ServiceSecurityConfiguration {
  private static final String[] OPEN = {
    "/actuator/health", "/actuator/health/**", "/actuator/prometheus"
  };

  /** No observation per security filter: they would wrap every step of every request. */
  @Bean
  static SecurityObservationSettings serviceSecurityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  ReactiveJwtDecoder internalTokenDecoder(InternalAuthProperties properties) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withSecretKey(properties.key())
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
    OAuth2TokenValidator<Jwt> audience =
        jwt ->
            jwt.getAudience() != null && jwt.getAudience().contains(InternalTokens.AUDIENCE)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "not a token for the services", null));
    OAuth2TokenValidator<Jwt> expiring =
        jwt ->
            jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "a service token must expire", null));
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(Clock.systemUTC());
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, expiring, audience));
    return decoder;
  }

  /** Lets the gateway's scheduler and a service that calls another sign their own calls. */
  @Bean
  InternalTokens internalTokens(InternalAuthProperties properties, Clock clock) {
    return InternalTokens.from(properties, clock);
  }

  @Bean
  SecurityWebFilterChain serviceSecurityFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder internalTokenDecoder) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        // the gateway writes the security headers of what clients receive
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(a -> a.pathMatchers(OPEN).permitAll().anyExchange().authenticated())
        .oauth2ResourceServer(
            o ->
                o.jwt(
                        j ->
                            j.jwtDecoder(internalTokenDecoder)
                                .jwtAuthenticationConverter(
                                    jwt -> Mono.just(CallerAuthentication.from(jwt))))
                    .authenticationEntryPoint(
                        (exchange, e) -> Mono.error(unauthorized(e.getMessage())))
                    .accessDeniedHandler(
                        (exchange, e) -> Mono.error(unauthorized("a service token is needed"))))
        .exceptionHandling(
            x ->
                x.authenticationEntryPoint(
                    (exchange, e) -> Mono.error(unauthorized("a service token is needed"))))
        .build();
  }

  private static ApiProblem unauthorized(String detail) {
    return new ApiProblem(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "this service answers only calls through the gateway (" + detail + ")",
        Map.of());
  }
}
