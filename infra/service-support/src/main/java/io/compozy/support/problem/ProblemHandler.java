package io.compozy.support.problem;

import io.compozy.contracts.json.JsonErrors;
import io.compozy.support.web.RequestIds;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The one problem+json mapper of a service: {@link ApiProblem}s as they are, Spring's own request
 * errors (bad JSON, wrong method, ...) with a stable code, anything else as a 500 that hides the
 * cause but logs it. Every problem carries {@code code} and {@code request_id}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiProblem.class)
  public Mono<ResponseEntity<ProblemDetail>> handleApiProblem(
      ApiProblem e, ServerWebExchange exchange) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    p.setTitle(e.title());
    p.setType(URI.create("https://compozy.dev/problems/" + e.code()));
    p.setProperty("code", e.code());
    e.properties().forEach(p::setProperty);
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
    if (e.properties().get("retry_after") instanceof Integer seconds) {
      answer.header(HttpHeaders.RETRY_AFTER, seconds.toString());
    }
    return Mono.just(decorate(answer.body(p), exchange));
  }

  /**
   * Spring Security's firewall refuses a request part lazily (a parameter name it does not allow,
   * say): the caller's 400.
   */
  @ExceptionHandler(ServerExchangeRejectedException.class)
  public Mono<ResponseEntity<ProblemDetail>> handleRejected(
      Exception e, ServerWebExchange exchange) {
    return handleApiProblem(
        ApiProblem.badRequest("rejected_request", firstLine(e.getMessage())), exchange);
  }

  @ExceptionHandler(Exception.class)
  public Mono<ResponseEntity<ProblemDetail>> handleUnexpected(
      Exception e, ServerWebExchange exchange) {
    String dependency = DependencyFailures.dependencyOf(e);
    if (dependency != null) {
      try (var ignored = RequestIds.inLogs(exchange)) {
        log.warn(
            "{} {}: {} did not answer: {}",
            exchange.getRequest().getMethod(),
            exchange.getRequest().getPath(),
            dependency,
            e.toString());
      }
      return handleApiProblem(
          ApiProblem.unavailable(
              dependency,
              dependency + " cannot be reached or did not answer in time; retry shortly"),
          exchange);
    }
    try (var ignored = RequestIds.inLogs(exchange)) {
      log.error(
          "unhandled error on {} {}",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          e);
    }
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal error; see the service log for request " + RequestIds.of(exchange));
    p.setProperty("code", "internal_error");
    return Mono.just(decorate(ResponseEntity.internalServerError().body(p), exchange));
  }

  private static tools.jackson.core.@Nullable JacksonException jacksonCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.core.JacksonException j) {
        return j;
      }
    }
    return null;
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    Throwable cause = ex.getMostSpecificCause();
    boolean missing =
        ex.getReason() != null && ex.getReason().contains("No request body")
            || cause instanceof DecodingException d
                && String.valueOf(d.getMessage()).contains("end-of-input")
                && exchange.getRequest().getHeaders().getContentLength() == 0;
    tools.jackson.core.JacksonException jackson = jacksonCause(ex);
    String field = jackson == null ? "" : JsonErrors.pointer(jackson);
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            status,
            missing
                ? "a JSON body is required"
                : "the body is not valid JSON: "
                    + (field.isEmpty() ? "" : field + ": ")
                    + (jackson == null
                        ? firstLine(cause.getMessage())
                        : JsonErrors.message(jackson)));
    p.setTitle("Bad request");
    p.setProperty("code", missing ? "missing_body" : "malformed_body");
    if (!field.isEmpty()) {
      p.setProperty("field", field);
    }
    return createResponseEntity(p, headers, status, exchange);
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    String line = s.lines().findFirst().orElse("");
    return line.replaceFirst("^JSON decoding error: ", "");
  }

  @Override
  protected Mono<ResponseEntity<Object>> createResponseEntity(
      @Nullable Object body,
      @Nullable HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (body instanceof ProblemDetail p
        && (p.getProperties() == null || !p.getProperties().containsKey("code"))) {
      p.setProperty("code", codeFor(status));
    }
    return super.createResponseEntity(body, headers, status, exchange)
        .map(r -> decorate(r, exchange));
  }

  private static <T> ResponseEntity<T> decorate(
      ResponseEntity<T> response, ServerWebExchange exchange) {
    if (response.getBody() instanceof ProblemDetail p) {
      p.setProperty("request_id", RequestIds.of(exchange));
      if (p.getInstance() == null) {
        p.setInstance(URI.create(exchange.getRequest().getPath().value()));
      }
      // always problem+json, even for a client that asked for text/event-stream or YAML
      return ResponseEntity.status(response.getStatusCode())
          .headers(
              h -> {
                h.addAll(response.getHeaders());
                h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
              })
          .body(response.getBody());
    }
    return response;
  }

  static String codeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 408 -> "request_timeout";
      case 502 -> "bad_gateway";
      case 503 -> "service_unavailable";
      case 504 -> "gateway_timeout";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      default -> status.is4xxClientError() ? "client_error" : "server_error";
    };
  }
}
