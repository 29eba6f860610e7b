package io.compozy.execution.memory;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.MemoryStep;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.topic.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.compozy.execution.worker.StepResults;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The memory worker: runs each memory step of a batch against Redis and answers on {@code
 * compozy.step-results}. A wrong operation or payload is a terminal failure naming the field; a
 * Redis failure is retryable.
 */
@Component
class MemoryStepListener {
  private final MemoryStore store;
  private final StepResults results;
  private final Clock clock;

  MemoryStepListener(MemoryStore store, StepResults results, Clock clock) {
    this.store = store;
    this.results = results;
    this.clock = clock;
  }

  @KafkaListener(id = "memory-worker", topics = Topics.STEPS_MEMORY, groupId = "execution-service-memory", autoStartup = "#{executionRoles.workers()}",
      concurrency = "${compozy.memory.consumers:1}")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<MemoryStep> steps = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        steps.add(Json.read(records.get(i).value(), MemoryStep.class));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable memory step: " + e.getMessage(), e, i);
      }
    }
    Flux.fromIterable(steps)
        .flatMap(step -> run(step).flatMap(result -> Mono.fromFuture(results.publish(result))), 16)
        .then().block();
  }

  private Mono<StepResult> run(MemoryStep step) {
    String id = "result:" + step.stepId();
    return Mono.defer(() -> store.apply(step.memory(), step.key(), step.operation(), step.payload()))
        .<StepResult>map(out -> new StepSucceeded(id, step.execId(), step.taskId(), step.stepId(), step.attempt(), out, clock.instant()))
        .onErrorResume(MemoryException.class, e -> Mono.just(new StepFailed(id, step.execId(), step.taskId(), step.stepId(),
            step.attempt(), new StepError("invalid_memory_operation", e.pointer() + ": " + e.getMessage()), false, clock.instant())))
        .onErrorResume(e -> !(e instanceof MemoryException), e -> Mono.just(new StepFailed(id, step.execId(), step.taskId(),
            step.stepId(), step.attempt(), new StepError("memory_unavailable", String.valueOf(e.getMessage())), true, clock.instant())));
  }

}
