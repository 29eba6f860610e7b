package io.compozy.support.kafka;

import io.compozy.support.problem.DependencyFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * What becomes of a message its listener failed on, after the bounded retries: a message that
 * failed because a dependency is down or too slow (Postgres restarting, Redis away) is not poison:
 * it is delivered again, as often as it takes, and never dead-lettered (a 5 s Postgres restart had
 * sent orchestrator messages to the DLT, and their executions never ended; found by the cluster
 * fault test). Any other failure sends it to {@code <topic>.DLT}.
 */
public final class DeadLetters implements ConsumerRecordRecoverer {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  private final ConsumerRecordRecoverer deadLetterTopic;

  public DeadLetters(ConsumerRecordRecoverer deadLetterTopic) {
    this.deadLetterTopic = deadLetterTopic;
  }

  /** Thrown back to the container so it seeks to the message again instead of moving past it. */
  public static final class DependencyStillDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DependencyStillDown(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception failure) {
    String dependency = DependencyFailures.of(failure);
    if (dependency != null) {
      log.warn(
          "{}-{}@{}: {} is down or too slow; the message will be delivered again",
          record.topic(),
          record.partition(),
          record.offset(),
          dependency);
      throw new DependencyStillDown(dependency + " is down or too slow", failure);
    }
    deadLetterTopic.accept(record, failure);
  }
}
