package io.compozy.support.problem;

import io.compozy.support.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors raised outside controllers (no route, a filter, the gateway's proxy) as problem+json,
 * replacing Boot's default error JSON so every error of the platform has one shape.
 */
public final class ProblemWebExceptionHandler implements ErrorWebExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    HttpStatusCode status;
    String code;
    String detail;
    if (ex instanceof ServerExchangeRejectedException rejected) {
      ex =
          ApiProblem.badRequest(
              "rejected_request",
              String.valueOf(rejected.getMessage()).lines().findFirst().orElse("rejected"));
    }
    String dependency = ex instanceof ApiProblem ? null : DependencyFailures.dependencyOf(ex);
    if (dependency != null) {
      ex =
          ApiProblem.unavailable(
              dependency,
              dependency + " cannot be reached or did not answer in time; retry shortly");
    }
    if (ex instanceof ApiProblem p) {
      status = p.status();
      code = p.code();
      detail = p.getMessage();
    } else if (ex instanceof ResponseStatusException r) {
      status = r.getStatusCode();
      code = ProblemHandler.codeFor(status);
      detail =
          r.getReason() != null
              ? r.getReason()
              : HttpStatus.valueOf(status.value()).getReasonPhrase();
    } else {
      try (var ignored = RequestIds.inLogs(exchange)) {
        log.error(
            "unhandled error on {} {}",
            exchange.getRequest().getMethod(),
            exchange.getRequest().getPath(),
            ex);
      }
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      code = "internal_error";
      detail = "internal error; see the service log for request " + RequestIds.of(exchange);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://compozy.dev/problems/" + code);
    body.put(
        "title",
        HttpStatus.resolve(status.value()) == null
            ? "Error"
            : HttpStatus.valueOf(status.value()).getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getPath().value());
    body.put("code", code);
    if (ex instanceof ApiProblem p) {
      p.properties().forEach(body::putIfAbsent);
      if (p.properties().get("retry_after") instanceof Integer seconds) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, seconds.toString());
      }
    }
    body.put("request_id", RequestIds.of(exchange));
    exchange.getResponse().setStatusCode(status);
    exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    return exchange
        .getResponse()
        .writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(bytes)));
  }
}
