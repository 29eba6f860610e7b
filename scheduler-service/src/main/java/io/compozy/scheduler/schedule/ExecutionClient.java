package io.compozy.scheduler.schedule;

import io.compozy.support.discovery.ServiceKind;
import io.compozy.support.security.Caller;
import io.compozy.support.security.InternalTokens;
import io.compozy.support.tracing.TraceparentHeader;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancedExchangeFilterFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Starts and cancels executions through execution-service's API, as a client would: the same input
 * validation and pinning, and the fire key as {@code Idempotency-Key}, so a start repeated after a
 * crash (or against another instance) is the same execution. Calls go through the load balancer to
 * the instances of {@code compozy.services.execution} that answer their health check.
 */
@Component
public class ExecutionClient {
  /** A start the execution service refused for good (workflow gone, input invalid): not retried. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** The scheduler's own calls: a schedule's start is made by the scheduler, for no user. */
  private static final Caller SCHEDULER = Caller.service("scheduler");

  private final WebClient http;
  private final InternalTokens tokens;

  ExecutionClient(
      WebClient.Builder builder,
      LoadBalancedExchangeFilterFunction loadBalancer,
      InternalTokens tokens) {
    this.http =
        builder
            .clone()
            .baseUrl("http://" + ServiceKind.EXECUTION.key())
            .filter(loadBalancer)
            .build();
    this.tokens = tokens;
  }

  @SuppressWarnings("unchecked")
  public Mono<String> start(String workflowId, Map<String, Object> input, String fireKey) {
    return start(workflowId, input, fireKey, null);
  }

  /** {@code traceparent}: the schedule's fire, which the execution's trace continues. */
  @SuppressWarnings("unchecked")
  public Mono<String> start(
      String workflowId, Map<String, Object> input, String fireKey, @Nullable String traceparent) {
    return http.post()
        .uri("/api/v0/workflows/{id}/executions", workflowId)
        .contentType(MediaType.APPLICATION_JSON)
        .header("Idempotency-Key", fireKey)
        .headers(
            h -> {
              if (traceparent != null) {
                h.set(TraceparentHeader.HEADER, traceparent);
              }
            })
        .header(HttpHeaders.AUTHORIZATION, tokens.bearer(SCHEDULER))
        .bodyValue(Map.of("input", input))
        .retrieve()
        .bodyToMono(Map.class)
        .timeout(Duration.ofSeconds(10))
        .map(body -> String.valueOf(((Map<String, Object>) body.get("data")).get("exec_id")))
        .onErrorMap(
            WebClientResponseException.class,
            e ->
                isFinal(e.getStatusCode())
                    ? new Refused(e.getStatusCode().value() + ": " + e.getResponseBodyAsString())
                    : e);
  }

  Mono<Void> cancel(String execId) {
    return http.post()
        .uri("/api/v0/executions/workflows/{id}/cancel", execId)
        .header(HttpHeaders.AUTHORIZATION, tokens.bearer(SCHEDULER))
        .retrieve()
        .toBodilessEntity()
        .timeout(Duration.ofSeconds(10))
        .onErrorResume(
            WebClientResponseException.Conflict.class, e -> Mono.empty()) // it ended meanwhile
        .then();
  }

  private static boolean isFinal(HttpStatusCode status) {
    return status.is4xxClientError() && status.value() != 408 && status.value() != 429;
  }
}
