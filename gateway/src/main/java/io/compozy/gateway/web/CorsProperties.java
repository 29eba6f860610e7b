package io.compozy.gateway.web;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * {@code compozy.gateway.cors}: browsers on these origins may call the API ({@code
 * COMPOZY_CORS_ORIGINS}, comma-separated; none by default, so CORS is off).
 */
@ConfigurationProperties("compozy.gateway.cors")
public record CorsProperties(
    @DefaultValue List<String> allowedOrigins,
    @DefaultValue({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
    @DefaultValue("*") List<String> allowedHeaders,
    @DefaultValue({
          "X-Request-ID",
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining",
          "X-RateLimit-Reset",
          "Retry-After",
          "ETag",
          "Location",
          "Link"
        })
        List<String> exposedHeaders,
    @DefaultValue("false") boolean allowCredentials,
    @DefaultValue("1h") Duration maxAge) {

  public CorsConfigurationSource source() {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    if (allowedOrigins.isEmpty()) {
      return source;
    }
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOriginPatterns(allowedOrigins);
    cors.setAllowedMethods(allowedMethods);
    cors.setAllowedHeaders(allowedHeaders);
    cors.setExposedHeaders(exposedHeaders);
    cors.setAllowCredentials(allowCredentials);
    cors.setMaxAge(maxAge);
    source.registerCorsConfiguration("/api/v0/**", cors);
    return source;
  }
}
