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
  private final MockServerWebExchange exchange =
      MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
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
    WebFilter throwing =
        (exchange, chain) -> {
          throw new IllegalStateException("broken filter");
        };
    Mono<Void> request =
        WebFilterSequence.chain(
                List.of(named("a"), throwing, named("c")),
                e -> Mono.fromRunnable(() -> ran.add("handler")))
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

  @Test
  void whatAFilterWritesInTheContextReachesTheLaterFiltersAndTheHandler() {
    WebFilter writing =
        (exchange, chain) -> chain.filter(exchange).contextWrite(c -> c.put("user", "grace"));
    WebFilter reading =
        (exchange, chain) ->
            Mono.deferContextual(
                c -> {
                  ran.add("filter sees " + c.getOrDefault("user", "nobody"));
                  return chain.filter(exchange);
                });
    new WebFilterSequence(List.of(writing, reading))
        .filter(
            exchange,
            e ->
                Mono.deferContextual(
                    c ->
                        Mono.fromRunnable(
                            () -> ran.add("handler sees " + c.getOrDefault("user", "nobody")))))
        .contextWrite(c -> c.put("outer", true))
        .block();
    assertThat(ran).containsExactly("filter sees grace", "handler sees grace");
  }
}
