package io.compozy.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.support.problem.ApiProblem;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

/** What a route's circuit breaker answers, by what went wrong with the call. */
class ServiceUnavailableControllerTest {
  private final ServiceUnavailableController controller = new ServiceUnavailableController();

  @Test
  void aServiceThatDidNotAnswerInTimeIs504() {
    assertThat(
            answerTo(
                new ResponseStatusException(
                    HttpStatus.GATEWAY_TIMEOUT, "Response took longer than timeout: PT20S")))
        .satisfies(p -> assertThat(p.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT))
        .satisfies(p -> assertThat(p.code()).isEqualTo("gateway_timeout"))
        .satisfies(p -> assertThat(p.properties()).containsEntry("service", "registry"));
  }

  @Test
  void aServiceThatCannotBeReachedIs503() {
    assertThat(answerTo(new ConnectException("Connection refused")))
        .satisfies(p -> assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
        .satisfies(p -> assertThat(p.code()).isEqualTo("service_unavailable"));
  }

  private ApiProblem answerTo(Throwable cause) {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.get("/__gateway/unavailable/registry"));
    exchange
        .getAttributes()
        .put(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR, cause);
    try {
      controller.unavailable("registry", exchange).block();
    } catch (ApiProblem problem) {
      return problem;
    }
    throw new AssertionError("no problem answered");
  }
}
