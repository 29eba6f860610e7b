package io.compozy.gateway.auth;

import io.compozy.gateway.console.ConsolePage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The gateway's one route table of who may do what, first matching rule wins: public paths need
 * nothing; users and {@code /admin} need {@code admin}; one's own keys any role; other reads {@code
 * read} (and knowledge base queries, POSTed); every other API call {@code write}; anything else is
 * not served. Pure and synchronous: it runs on every request.
 */
public final class AccessTable {
  /** What a request needs. */
  enum Need {
    NOTHING(null),
    READ(Role.READ),
    WRITE(Role.WRITE),
    ADMIN(Role.ADMIN),
    NOT_SERVED(null);

    private final @Nullable Role role;

    Need(@Nullable Role role) {
      this.role = role;
    }

    /**
     * The role a caller must have, or null when no role decides ({@link #NOTHING}, {@link
     * #NOT_SERVED}).
     */
    @Nullable Role role() {
      return role;
    }
  }

  private static final String[] PUBLIC = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/prometheus",
    "/api/v0/health",
    "/healthz",
    "/readyz",
    "/livez",
    "/openapi.json",
    "/docs",
    "/docs/**",
    "/swagger-ui/**",
    "/webjars/**",
    "/v3/api-docs",
    "/v3/api-docs/swagger-config",
    "/api/v0/hooks/**",
    "/",
    "/api/v0",
    ConsolePage.ASSETS
  };

  private static final Set<HttpMethod> ANY = Set.of();
  private static final List<Rule> RULES =
      List.of(
          new Rule(Need.NOTHING, ANY, PUBLIC),
          new Rule(
              Need.ADMIN,
              ANY,
              "/api/v0/users",
              "/api/v0/users/**",
              "/api/v0/admin/**",
              "/api/v0/project/import",
              "/api/v0/project/export"),
          new Rule(Need.READ, ANY, "/api/v0/auth/**"),
          new Rule(Need.READ, Set.of(HttpMethod.GET, HttpMethod.HEAD), "/api/v0/**"),
          // a query reads a knowledge base: its text goes in a body, hence POST
          new Rule(Need.READ, Set.of(HttpMethod.POST), "/api/v0/knowledge-bases/*/query"),
          new Rule(Need.WRITE, ANY, "/api/v0/**"));

  private AccessTable() {}

  /**
   * The role an operation of the API document needs ({@code read}, {@code write}, {@code admin}),
   * or null when it needs none or is not served: what the merged document says of each operation.
   */
  public static @Nullable String roleFor(String method, String pathTemplate) {
    Role role =
        need(
                HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
                PathContainer.parsePath(pathTemplate))
            .role();
    return role == null ? null : role.name().toLowerCase(Locale.ROOT);
  }

  static Need need(HttpMethod method, PathContainer path) {
    for (Rule rule : RULES) {
      if (rule.matches(method, path)) {
        return rule.need();
      }
    }
    return Need.NOT_SERVED;
  }

  private record Rule(Need need, Set<HttpMethod> methods, List<PathPattern> patterns) {
    Rule(Need need, Set<HttpMethod> methods, String... patterns) {
      this(
          need,
          methods,
          Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList());
    }

    boolean matches(HttpMethod method, PathContainer path) {
      if (!methods.isEmpty() && !methods.contains(method)) {
        return false;
      }
      for (PathPattern pattern : patterns) {
        if (pattern.matches(path)) {
          return true;
        }
      }
      return false;
    }
  }
}
