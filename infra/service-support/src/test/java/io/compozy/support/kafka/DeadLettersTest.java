package io.compozy.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DeadLettersTest {
  private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
  private final DeadLetters recoverer = new DeadLetters((record, e) -> deadLettered.add(record));
  private final ConsumerRecord<String, String> record =
      new ConsumerRecord<>("compozy.step-results", 3, 42L, "exec_1", "{}");

  @Test
  void aMessageThatFailedWhilePostgresWasDownIsDeliveredAgainNotDeadLettered() {
    Exception failure =
        new ListenerExecutionFailedException(
            "listener failed",
            new DataAccessResourceFailureException(
                "Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException("closed")));
    assertThatThrownBy(() -> recoverer.accept(record, failure))
        .isInstanceOf(DeadLetters.DependencyStillDown.class)
        .hasMessageContaining("postgres");
    assertThat(deadLettered).isEmpty();
  }

  @Test
  void aMessageThatFailedForAnyOtherReasonGoesToTheDeadLetterTopic() {
    recoverer.accept(
        record,
        new ListenerExecutionFailedException(
            "listener failed", new IllegalArgumentException("not JSON")));
    assertThat(deadLettered).containsExactly(record);
  }
}
