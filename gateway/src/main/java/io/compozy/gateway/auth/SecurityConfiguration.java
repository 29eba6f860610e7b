package io.compozy.gateway.auth;

import io.compozy.gateway.web.CorsProperties;
import io.compozy.gateway.web.Firewall;
import io.compozy.gateway.web.Problems;
import io.compozy.gateway.web.SecurityHeaders;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Bearer API keys checked by the {@link ApiKeyAuthenticationManager}, and every request decided by
 * the one route table, {@link AccessTable}. Failures are problem+json: 400 malformed header, 401
 * missing or bad key, 403 wrong role naming the role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  /**
   * No observation per security filter, authentication and authorization: those wrap every step of
   * every request and cost more than the checks themselves. Requests are still observed as a whole
   * ({@code http.server.requests}, {@code spring.cloud.gateway.requests}).
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * Spring Security's filters run by a {@link SecurityFilterSequence} (with the {@link Firewall})
   * instead of its {@code WebFilterChainProxy}, which stays declared (and ordered) as Spring made
   * it.
   */
  @Bean
  static BeanPostProcessor securityFilterSequence(ObjectProvider<SecurityWebFilterChain> chain) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof WebFilterChainProxy
            ? new SecurityFilterSequence(
                chain.getObject(), Firewall.strict(), Firewall.rejectionAnswer())
            : bean;
      }
    };
  }

  @Bean
  ApiKeys apiKeys(AuthProperties properties) {
    return new ApiKeys(properties.keySecret());
  }

  /**
   * A bean, so Spring Boot does not make its default user with a generated password (which it
   * printed at every start of a gateway that only knows API keys).
   */
  @Bean
  ApiKeyAuthenticationManager apiKeyAuthenticationManager(
      KeyCache cache, ApiKeys keys, KeyUsage usage, Clock clock) {
    return new ApiKeyAuthenticationManager(cache, keys, usage, clock);
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, ApiKeyAuthenticationManager apiKeys, CorsProperties cors) {
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(apiKeys);
    bearer.setServerAuthenticationConverter(new BearerKeyConverter());
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    bearer.setAuthenticationSuccessHandler(
        (webFilterExchange, authentication) -> {
          if (authentication.getPrincipal() instanceof ApiKeyPrincipal principal) {
            principal.attachTo(webFilterExchange.getExchange());
          }
          return webFilterExchange.getChain().filter(webFilterExchange.getExchange());
        });
    bearer.setAuthenticationFailureHandler(
        (webFilterExchange, e) ->
            e instanceof BearerKeyConverter.MalformedAuthorization
                ? Problems.write(
                    webFilterExchange.getExchange(),
                    HttpStatus.BAD_REQUEST,
                    "malformed_authorization",
                    "Malformed Authorization header",
                    e.getMessage())
                : Problems.write(
                    webFilterExchange.getExchange(),
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Unauthorized",
                    "the API key is unknown, revoked or expired"));

    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        // no anonymous principal: a request without a key has none, and a path that needs a role
        // then gets the entry point's 401 as before
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .cors(c -> c.configurationSource(cors.source()))
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .addFilterAt(
            new HttpHeaderWriterWebFilter(new SecurityHeaders()),
            SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(ex -> ex.anyExchange().access(new RoleAuthorization()))
        .exceptionHandling(
            eh ->
                eh.authenticationEntryPoint(
                        (exchange, e) ->
                            Problems.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "Unauthorized",
                                "send an API key: Authorization: Bearer <api key>"))
                    .accessDeniedHandler(
                        (exchange, e) ->
                            Problems.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Forbidden",
                                denial(exchange))))
        .build();
  }

  private static String denial(ServerWebExchange exchange) {
    Role needed =
        AccessTable.need(
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().pathWithinApplication())
            .role();
    return needed == null
        ? "this path is not served"
        : "this needs the " + needed.wireName() + " role";
  }
}
