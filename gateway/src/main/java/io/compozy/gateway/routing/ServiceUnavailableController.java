package io.compozy.gateway.routing;

import io.compozy.support.problem.ApiProblem;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker sends a request it could not deliver: 503 problem+json naming the
 * service (504 when it did not answer in time). Reached only by the gateway's own forward. A
 * problem the gateway itself raised while sending the request (413 for a body over the limit) is
 * answered as it is.
 */
@Hidden
@RestController
class ServiceUnavailableController {
  private static final Logger log = LoggerFactory.getLogger(ServiceUnavailableController.class);
  static final String PATH = "/__gateway/unavailable/{service}";

  @RequestMapping(PATH)
  Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
    Throwable cause =
        exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
    if (cause instanceof ApiProblem problem) {
      // the gateway's own answer to the request (a body over the limit, found while it was sent)
      return Mono.error(problem);
    }
    log.debug(
        "{} service call failed for {}: {}",
        service,
        exchange.getRequest().getPath(),
        String.valueOf(cause));
    if (cause instanceof TimeoutException
        || cause != null && cause.getCause() instanceof TimeoutException
        || timedOut(cause)) {
      return Mono.error(
          new ApiProblem(
              HttpStatus.GATEWAY_TIMEOUT,
              "gateway_timeout",
              "Gateway timeout",
              "the " + service + " service did not answer in time",
              Map.of("service", service)));
    }
    boolean paused = cause instanceof CallNotPermittedException;
    String why =
        paused
            ? "the " + service + " service is failing; calls are paused for a few seconds"
            : "the " + service + " service cannot be reached";
    // worth a retry: after the breaker's pause (5 s), or once the load balancer dropped an
    // instance that stopped answering (its health check runs every 2 s)
    return Mono.error(
        new ApiProblem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "service_unavailable",
            "Service unavailable",
            why,
            Map.of(
                "service", service, "retry_after", paused ? ApiProblem.RETRY_AFTER_SECONDS : 2)));
  }

  /**
   * The routing filter's answer when a service's answer did not start within the route's response
   * timeout.
   */
  private static boolean timedOut(@Nullable Throwable cause) {
    return cause instanceof ResponseStatusException status
        && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value();
  }
}
