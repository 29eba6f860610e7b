package io.compozy.gateway.web;

import io.compozy.contracts.json.Json;
import io.compozy.support.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes problem+json answers from filters (security, rate limits, body limits), where no
 * controller advice applies.
 */
public final class Problems {
  private Problems() {}

  public static Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, String code, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://compozy.dev/problems/" + code);
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getPath().value());
    body.put("code", code);
    body.put("request_id", RequestIds.of(exchange));
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.getHeaders().set("WWW-Authenticate", "Bearer realm=\"compozy\"");
    }
    DataBuffer buffer =
        response.bufferFactory().wrap(Json.write(body).getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }
}
