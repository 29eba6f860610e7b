package io.compozy.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

class WebFilterSequenceTest {
  private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
  private final List<String> ran = new ArrayList<>();

  private WebFilter named(String name) {
    return (exchange, chain) -> {
      ran.add(name);
      return chain.filter(exchange).doOnSuccess(v -> ran.add("/" + name));
    };
  }

  @Test
  void filtersRunInTheirOrderAroundTheRestOfTheChain() {
    var sequence = new WebFilterSequence(List.of(named("a"), named("b")));
    sequence.filter(exchange, e -> Mono.fromRunnable(() -> ran.add("handler"))).block();
    assertThat(ran).containsExactly("a", "b", "handler", "/b", "/a");
  }

  @Test
  void nothingRunsBeforeSubscriptionAndAFilterThatThrowsFailsTheRequest() {
    WebFilter throwing = (exchange, chain) -> {
      throw new IllegalStateException("broken filter");
    };
    Mono<Void> request = new WebFilterSequence(List.of(named("a"), throwing, named("c"))).then(e -> Mono.fromRunnable(() -> ran.add("handler")))
        .filter(exchange);
    assertThat(ran).isEmpty();
    assertThatThrownBy(request::block).hasMessage("broken filter");
    assertThat(ran).containsExactly("a");
  }

  @Test
  void aFilterMayAnswerWithoutTheRestOfTheChain() {
    WebFilter answering = (exchange, chain) -> Mono.fromRunnable(() -> ran.add("answered"));
    var sequence = new WebFilterSequence(List.of(answering, named("b")));
    sequence.filter(exchange, e -> Mono.fromRunnable(() -> ran.add("handler"))).block();
    assertThat(ran).containsExactly("answered");
  }
}
