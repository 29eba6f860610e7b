package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

/** Spring's debug lines (through commons-logging) cost nothing while debug is off. */
class SpringLoggingTest {

  @Test
  void aDebugMessageIsNotBuiltWhenDebugIsOff() {
    Log log = LogFactory.getLog("org.springframework.security.quiet");
    AtomicInteger built = new AtomicInteger();
    Object message =
        new Object() {
          @Override
          public String toString() {
            built.incrementAndGet();
            return "built";
          }
        };
    log.debug(message);
    log.trace(message);
    assertThat(log.isDebugEnabled()).isFalse();
    assertThat(built).as("the message was turned into a string although debug is off").hasValue(0);
    log.info(message);
    assertThat(built).as("an info line is still written").hasValue(1);
  }
}
