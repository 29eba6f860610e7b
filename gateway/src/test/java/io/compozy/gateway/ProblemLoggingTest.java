package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.compozy.support.problem.ProblemHandler;
import io.compozy.support.web.RequestIds;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** An unhandled error's log line names the request it happened in. */
class ProblemLoggingTest {

  @Test
  void theErrorLineCarriesTheRequestId() {
    Logger logger = (Logger) LoggerFactory.getLogger(ProblemHandler.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      MockServerWebExchange exchange =
          MockServerWebExchange.from(MockServerHttpRequest.get("/api/v0/workflows"));
      exchange.getAttributes().put(RequestIds.ATTRIBUTE, "req-log-1");
      var answer =
          new ProblemHandler()
              .handleUnexpected(new IllegalStateException("boom"), exchange)
              .block();
      assertThat(answer.getStatusCode().value()).isEqualTo(500);
      assertThat(lines.list)
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.getFormattedMessage())
                    .contains("unhandled error on GET /api/v0/workflows");
                assertThat(line.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "req-log-1");
              });
      assertThat(MDC.get(RequestIds.MDC_KEY))
          .as("the id is not left behind on the thread")
          .isNull();
    } finally {
      logger.detachAppender(lines);
    }
  }
}
