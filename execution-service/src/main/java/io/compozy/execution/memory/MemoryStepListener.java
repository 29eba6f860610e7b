package io.compozy.execution.memory;

import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.MemoryStep;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.topic.Topics;
import io.compozy.execution.worker.StepMetrics;
import io.compozy.execution.worker.StepResults;
import io.compozy.execution.worker.StepRuns;
import io.compozy.support.kafka.RecordTraces;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
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
  private final TraceSpans spans;
  private final StepMetrics metrics;
  private final StepRuns stepRuns;

  MemoryStepListener(
      MemoryStore store,
      StepResults results,
      Clock clock,
      TraceSpans spans,
      StepMetrics metrics,
      StepRuns stepRuns) {
    this.store = store;
    this.results = results;
    this.clock = clock;
    this.spans = spans;
    this.metrics = metrics;
    this.stepRuns = stepRuns;
  }

  /** A step with what its record said besides: its trace and when it was queued. */
  private record Received(MemoryStep step, @Nullable String traceparent, Instant queued) {}

  @KafkaListener(
      id = "memory-worker",
      topics = Topics.STEPS_MEMORY,
      groupId = "execution-service-memory",
      autoStartup = "#{executionRoles.workers()}",
      concurrency = "${compozy.memory.consumers:1}")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<Received> steps = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        steps.add(
            new Received(
                Json.read(records.get(i).value(), MemoryStep.class),
                RecordTraces.of(records.get(i).headers()),
                Instant.ofEpochMilli(records.get(i).timestamp())));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable memory step: " + e.getMessage(), e, i);
      }
    }
    Flux.fromIterable(steps).flatMap(this::traced, 16).then().block();
  }

  /** One step: its span, its metrics and its run in the timeline around the work and the result. */
  private Mono<Void> traced(Received r) {
    MemoryStep step = r.step();
    Span span =
        spans.start(
            "memory " + step.operation(),
            r.traceparent(),
            Map.of(
                "exec_id",
                step.execId(),
                "task_id",
                step.taskId(),
                "attempt",
                Integer.toString(step.attempt())));
    StepMetrics.Run measured = metrics.start(StepKind.MEMORY);
    Instant started = clock.instant();
    return run(step)
        .flatMap(
            result -> {
              boolean succeeded = result instanceof StepSucceeded;
              spans.inSpan(span, () -> measured.end(succeeded));
              span.end();
              stepRuns.record(
                  new StepRuns.Run(
                      step.execId(),
                      step.taskId(),
                      step.attempt(),
                      StepKind.MEMORY,
                      r.queued(),
                      started,
                      clock.instant(),
                      succeeded));
              return Mono.fromFuture(results.publish(result, spans.traceparent(span)));
            })
        .then();
  }

  private Mono<StepResult> run(MemoryStep step) {
    String id = "result:" + step.stepId();
    return Mono.defer(
            () -> store.apply(step.memory(), step.key(), step.operation(), step.payload()))
        .<StepResult>map(
            out ->
                new StepSucceeded(
                    id,
                    step.execId(),
                    step.taskId(),
                    step.stepId(),
                    step.attempt(),
                    out,
                    clock.instant()))
        .onErrorResume(
            MemoryException.class,
            e ->
                Mono.just(
                    new StepFailed(
                        id,
                        step.execId(),
                        step.taskId(),
                        step.stepId(),
                        step.attempt(),
                        new StepError(
                            "invalid_memory_operation", e.pointer() + ": " + e.getMessage()),
                        false,
                        clock.instant())))
        .onErrorResume(
            e -> !(e instanceof MemoryException),
            e ->
                Mono.just(
                    new StepFailed(
                        id,
                        step.execId(),
                        step.taskId(),
                        step.stepId(),
                        step.attempt(),
                        new StepError("memory_unavailable", String.valueOf(e.getMessage())),
                        true,
                        clock.instant())));
  }
}
