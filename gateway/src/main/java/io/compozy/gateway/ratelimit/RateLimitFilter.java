package io.compozy.gateway.ratelimit;

import io.compozy.gateway.auth.ApiKeyPrincipal;
import io.compozy.gateway.web.Problems;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Runs after authentication: takes a token from the caller's bucket (per API key, or per client IP
 * without one; routes with an override have a bucket of their own), sets the {@code X-RateLimit-*}
 * headers, and answers 429 with {@code Retry-After} when the bucket is empty.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {
  private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
  private static final PathPattern LIMITED = PathPatternParser.defaultInstance.parse("/api/v0/**");

  /**
   * What anyone may read without a key: limited per client address, each in a bucket of its own.
   */
  private static final List<PathPattern> PUBLIC_READS =
      Stream.of(
              "/api/v0/health",
              "/openapi.json",
              "/v3/api-docs",
              "/v3/api-docs/**",
              "/docs",
              "/docs/**",
              "/swagger-ui/**",
              "/webjars/**",
              "/actuator/prometheus")
          .map(PathPatternParser.defaultInstance::parse)
          .toList();

  private final RateLimitProperties properties;
  private final TokenBuckets buckets;
  private final LimiterState state;
  private final List<CompiledRoute> routes;

  private record CompiledRoute(
      RateLimitProperties.RouteLimit limit, PathPattern pattern, List<String> methods) {
    boolean matches(PathContainer path, String method) {
      return (methods.isEmpty() || methods.contains(method)) && pattern.matches(path);
    }
  }

  RateLimitFilter(RateLimitProperties properties, TokenBuckets buckets, LimiterState state) {
    this.properties = properties;
    this.buckets = buckets;
    this.state = state;
    this.routes =
        properties.routes().stream()
            .map(
                r ->
                    new CompiledRoute(
                        r,
                        PathPatternParser.defaultInstance.parse(r.path()),
                        r.methods().stream().map(m -> m.toUpperCase(Locale.ROOT)).toList()))
            .toList();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (!properties.enabled()) {
      return chain.filter(exchange);
    }
    Bucket b;
    if (isPublicRead(path)) {
      b =
          new Bucket(
              "ip:" + clientIp(exchange) + ":public",
              properties.publicReads().rate(),
              properties.publicReads().burst());
    } else if (LIMITED.matches(path)) {
      b = bucketFor(exchange, path, ApiKeyPrincipal.of(exchange));
    } else {
      return chain.filter(exchange);
    }
    Decision leased = buckets.takeLeased(b.name(), b.rate(), b.burst());
    if (leased != null) {
      return apply(exchange, chain, leased);
    }
    return buckets
        .take(b.name(), b.rate(), b.burst())
        .timeout(properties.redisTimeout())
        .map(
            d -> {
              state.reachable(true);
              return new Outcome(d);
            })
        .onErrorResume(
            e -> {
              state.failed(properties.failMode());
              log.debug(
                  "rate limiter cannot reach Redis ({}): {}", properties.failMode(), e.toString());
              return Mono.just(new Outcome(null));
            })
        .flatMap(
            o ->
                o.decision() != null
                    ? apply(exchange, chain, o.decision())
                    : withoutRedis(exchange, chain));
  }

  /** The bucket's decision, or none when Redis could not be asked. */
  private record Outcome(@Nullable Decision decision) {}

  private Mono<Void> apply(ServerWebExchange exchange, WebFilterChain chain, Decision d) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("X-RateLimit-Limit", Integer.toString(d.limit()));
    headers.set("X-RateLimit-Remaining", Long.toString(d.remaining()));
    headers.set("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
    if (d.allowed()) {
      return chain.filter(exchange);
    }
    ApiKeyPrincipal principal = ApiKeyPrincipal.of(exchange);
    state.rejected(principal == null ? "anonymous" : principal.role().wireName());
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
    return Problems.write(
        exchange,
        HttpStatus.TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests",
        "the rate limit of "
            + d.limit()
            + " requests is used up; retry after "
            + d.retryAfterSeconds()
            + " s");
  }

  private Mono<Void> withoutRedis(ServerWebExchange exchange, WebFilterChain chain) {
    if (properties.failMode() == RateLimitProperties.FailMode.OPEN) {
      return chain.filter(exchange);
    }
    return Problems.write(
        exchange,
        HttpStatus.SERVICE_UNAVAILABLE,
        "rate_limiter_unavailable",
        "Service unavailable",
        "the rate limiter cannot reach Redis and is configured to refuse requests meanwhile");
  }

  private record Bucket(String name, double rate, int burst) {}

  private Bucket bucketFor(
      ServerWebExchange exchange, PathContainer path, @Nullable ApiKeyPrincipal principal) {
    String caller = principal != null ? "key:" + principal.keyId() : "ip:" + clientIp(exchange);
    String method = exchange.getRequest().getMethod().name();
    for (CompiledRoute route : routes) {
      if (route.matches(path, method)) {
        return new Bucket(
            caller + ":route:" + route.limit().id(), route.limit().rate(), route.limit().burst());
      }
    }
    if (principal == null) {
      return new Bucket(caller, properties.anonymous().rate(), properties.anonymous().burst());
    }
    ApiKeyPrincipal.RateOverride own = principal.rateLimit();
    return own != null
        ? new Bucket(caller, own.rate(), own.burst())
        : new Bucket(caller, properties.rate(), properties.burst());
  }

  private static boolean isPublicRead(PathContainer path) {
    for (PathPattern p : PUBLIC_READS) {
      if (p.matches(path)) {
        return true;
      }
    }
    return false;
  }

  private static String clientIp(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }

  @Override
  public int getOrder() {
    // after Spring Security's filter chain (order -100), so the caller is known
    return 0;
  }
}
