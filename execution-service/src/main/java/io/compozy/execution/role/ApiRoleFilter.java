package io.compozy.execution.role;

import io.compozy.support.problem.ApiProblem;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * On an instance that runs workers only, the API's paths answer 404, saying so; probes and metrics
 * still answer.
 */
final class ApiRoleFilter implements WebFilter, Ordered {
  private final boolean servesApi;

  ApiRoleFilter(ExecutionRoles roles) {
    this.servesApi = roles.api();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 20;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (servesApi || !exchange.getRequest().getPath().value().startsWith("/api/")) {
      return chain.filter(exchange);
    }
    return Mono.error(
        new ApiProblem(
            HttpStatus.NOT_FOUND,
            "not_served_here",
            "Not served here",
            "this execution-service instance runs workers only (compozy.execution.roles): its API"
                + " is served by the instances with the api role",
            Map.of()));
  }
}
