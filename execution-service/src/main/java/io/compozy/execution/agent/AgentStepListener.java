package io.compozy.execution.agent;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Runs the agent steps of a batch concurrently and reports each result on {@code
 * compozy.step-results}; offsets are committed once every result is acknowledged, so a crash runs
 * a step again rather than losing it (the orchestrator drops a duplicate result).
 */
@Component
class AgentStepListener {
  private final AgentRunner runner;
  private final KafkaTemplate<String, String> kafka;
  private final Clock clock;

  AgentStepListener(AgentRunner runner, KafkaTemplate<String, String> kafka, Clock clock) {
    this.runner = runner;
    this.kafka = kafka;
    this.clock = clock;
  }

  @KafkaListener(id = "agent-worker", topics = Topics.STEPS_AGENT, groupId = "execution-service-agents",
      concurrency = "${compozy.agents.consumers:2}",
      // a step may run for its whole start_to_close_timeout (5 min by default) before the batch ends
      properties = {"max.poll.interval.ms=${compozy.agents.max-poll-interval:900000}", "max.poll.records=${compozy.agents.max-poll-records:32}"})
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<CompletableFuture<?>> work = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      AgentStep step;
      try {
        step = Json.read(records.get(i).value(), AgentStep.class);
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable agent step: " + e.getMessage(), e, i);
      }
      work.add(runner.run(step).thenCompose(outcome -> publish(result(step, outcome))));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
  }

  private StepResult result(AgentStep step, AgentOutcome outcome) {
    String id = "result:" + step.stepId();
    return switch (outcome) {
      case AgentOutcome.Succeeded s -> new StepSucceeded(id, step.execId(), step.taskId(), step.stepId(), step.attempt(), s.output(),
          clock.instant(), s.usage());
      case AgentOutcome.Failed f -> new StepFailed(id, step.execId(), step.taskId(), step.stepId(), step.attempt(), f.error(),
          f.retryable(), clock.instant());
    };
  }

  private CompletableFuture<?> publish(StepResult result) {
    ProducerRecord<String, String> record = new ProducerRecord<>(Topics.STEP_RESULTS, result.execId(), Json.write(result));
    record.headers().add(new RecordHeader(Topics.HEADER_MESSAGE_ID, result.messageId().getBytes(StandardCharsets.UTF_8)));
    return kafka.send(record);
  }
}
